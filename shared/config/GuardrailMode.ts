import { z } from "zod";

/** `dryRun` (the default) decides and reports but never changes Azure; `enforce` acts. */
export const GuardrailMode = z.enum(["off", "dryRun", "enforce"]);
export type GuardrailMode = z.infer<typeof GuardrailMode>;

/** Where a guardrail applies. Empty lists mean "everything under the root management group". */
export const GuardrailScope = z
  .object({
    managementGroups: z.array(z.string().min(1)).optional().describe("Management group names; a subscription is in scope when one of them is on its path."),
    subscriptions: z.array(z.string().min(1)).optional().describe("Subscription ids in scope (in addition to the management groups)."),
    excludeSubscriptions: z.array(z.string().min(1)).optional().describe("Subscription ids never in scope."),
  })
  .strict();
export type GuardrailScope = z.infer<typeof GuardrailScope>;

/** The per-guardrail entry of the policy: mode, scope and that guardrail's own params. */
export function guardrailEntry<P extends z.ZodObject>(params: P) {
  return z
    .object({
      mode: GuardrailMode.default("dryRun"),
      scope: GuardrailScope.prefault({}),
      // Every params schema defaults all its fields, so an empty object is a valid input.
      params: params.prefault({} as z.input<P>),
    })
    .strict()
    .prefault({});
}
