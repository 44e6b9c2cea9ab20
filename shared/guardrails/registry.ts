import { shadowAi } from "./shadowAi/shadowAi";
import { aiHardening } from "./aiHardening/aiHardening";
import { requiredTags } from "./requiredTags/requiredTags";
import { sandboxActivity } from "./sandboxActivity/sandboxActivity";
import { idleGpuQuota } from "./idleGpuQuota/idleGpuQuota";
import { sandboxLifecycle } from "./sandboxLifecycle/sandboxLifecycle";
import { budgetAlerts } from "./budgetAlerts/budgetAlerts";
import { scorecard } from "./scorecard/scorecard";
import type { GuardrailName } from "../config/guardrailParamSchemas";

/** Every guardrail by name: `{ name, paramsSchema, example, evaluate }`. */
export const registry = {
  shadowAi,
  aiHardening,
  requiredTags,
  sandboxActivity,
  idleGpuQuota,
  sandboxLifecycle,
  budgetAlerts,
  scorecard,
} as const satisfies Record<GuardrailName, { name: string }>;

export type Registry = typeof registry;
/** The facts a guardrail's evaluate takes. */
export type FactsOf<N extends GuardrailName> = Parameters<Registry[N]["evaluate"]>[0];

/** Guardrails that run on resource events (their facts carry one resource or write). */
export const EVENT_GUARDRAILS = ["shadowAi", "aiHardening", "requiredTags", "sandboxActivity"] as const satisfies readonly GuardrailName[];
