import type { z } from "zod";
import type { Decision } from "../estate/Decision";
import type { Policy } from "../config/Policy";

/**
 * What the registry holds per guardrail: its params schema (with defaults), a documented YAML
 * example of its policy entry, and a pure evaluate over the facts it needs.
 */
export interface GuardrailModule<Name extends string, Params extends z.ZodType, Facts> {
  name: Name;
  paramsSchema: Params;
  example: string;
  evaluate(facts: Facts, policy: Policy, now: Date): Decision[];
}
