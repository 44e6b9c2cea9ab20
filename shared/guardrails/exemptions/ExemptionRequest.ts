import { z } from "zod";
import { guardrailNames } from "../../config/guardrailParamSchemas";

const known = new Set<string>(guardrailNames);

/**
 * The body of `POST /api/exemptions`. Guardrail names are checked against the registry so a
 * typo is a 400 naming `guardrails[i]` rather than an exemption that never matches.
 */
export const ExemptionRequest = z
  .object({
    scope: z.string().regex(/^\/(subscriptions|providers\/Microsoft\.Management\/managementGroups)\//i, "an ARM id: /subscriptions/... or /providers/Microsoft.Management/managementGroups/..."),
    guardrails: z
      .array(z.string().refine((g) => g === "*" || known.has(g), { message: `unknown guardrail; known: ${guardrailNames.join(", ")} or *` }))
      .min(1),
    until: z.iso.date(),
    ref: z.string().min(1),
    justification: z.string().min(1),
  })
  .strict();
export type ExemptionRequest = z.infer<typeof ExemptionRequest>;
