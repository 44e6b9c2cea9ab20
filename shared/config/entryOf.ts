import type { GuardrailMode, GuardrailScope } from "./GuardrailMode";
import type { Policy } from "./Policy";

/** One guardrail's policy entry as the engine reads it, whatever the guardrail. */
export interface GuardrailEntry {
  mode: GuardrailMode;
  scope: GuardrailScope;
  params: Record<string, unknown>;
}

// Type-only imports: guardrail modules read their entry through this, and the policy schema is built from them.
/** A guardrail's entry in a parsed policy (undefined for a name the policy was not parsed with). */
export const entryOf = (policy: Policy, name: string): GuardrailEntry | undefined =>
  (policy.guardrails as unknown as Record<string, GuardrailEntry | undefined>)[name];
