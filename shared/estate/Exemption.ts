import { z } from "zod";

const IsoDate = z.iso.date();

export const Exemption = z.object({
  id: z.string().min(1),
  /** ARM id the exemption covers: a resource, resource group, subscription or management group. */
  scope: z.string().min(1),
  /** Guardrail names; `*` covers every guardrail. */
  guardrails: z.array(z.string().min(1)).min(1),
  /** Last day (UTC, inclusive) the exemption applies. */
  until: IsoDate,
  ref: z.string().min(1),
  justification: z.string().default(""),
  createdBy: z.string().default(""),
  createdAt: z.iso.datetime({ offset: true }).optional(),
  source: z.enum(["tag", "api"]).default("api"),
  /** The exact end of an API exemption (`until` is its UTC date); without it the whole `until` day counts. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
export type Exemption = z.infer<typeof Exemption>;
