import { shadowAiName, shadowAiParams } from "../guardrails/shadowAi/params";
import { aiHardeningName, aiHardeningParams } from "../guardrails/aiHardening/params";
import { requiredTagsName, requiredTagsParams } from "../guardrails/requiredTags/params";
import { sandboxActivityName, sandboxActivityParams } from "../guardrails/sandboxActivity/params";
import { idleGpuQuotaName, idleGpuQuotaParams } from "../guardrails/idleGpuQuota/params";
import { sandboxLifecycleName, sandboxLifecycleParams } from "../guardrails/sandboxLifecycle/params";
import { budgetAlertsName, budgetAlertsParams } from "../guardrails/budgetAlerts/params";
import { scorecardName, scorecardParams } from "../guardrails/scorecard/params";

/**
 * Each guardrail's params schema by name. Only the params live here (not `evaluate`), so the
 * policy type does not depend on the guardrails that read it.
 */
export const guardrailParamSchemas = {
  [shadowAiName]: shadowAiParams,
  [aiHardeningName]: aiHardeningParams,
  [requiredTagsName]: requiredTagsParams,
  [sandboxActivityName]: sandboxActivityParams,
  [idleGpuQuotaName]: idleGpuQuotaParams,
  [sandboxLifecycleName]: sandboxLifecycleParams,
  [budgetAlertsName]: budgetAlertsParams,
  [scorecardName]: scorecardParams,
} as const;

export type GuardrailName = keyof typeof guardrailParamSchemas;
export const guardrailNames = Object.keys(guardrailParamSchemas) as GuardrailName[];
