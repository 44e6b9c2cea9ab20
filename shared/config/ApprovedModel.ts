import { z } from "zod";

/** A model deployments may use; an empty `versions` list allows every version. */
export const ApprovedModel = z
  .object({
    name: z.string().min(1),
    versions: z.array(z.string().min(1)).default([]),
    format: z.string().default("OpenAI"),
  })
  .strict();
export type ApprovedModel = z.infer<typeof ApprovedModel>;
