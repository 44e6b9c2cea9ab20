import type { GuardrailModule } from "../GuardrailModule";
import { evaluateIdleGpuQuota, type IdleGpuQuotaFacts } from "./evaluateIdleGpuQuota";
import { idleGpuQuotaExample, idleGpuQuotaName, idleGpuQuotaParams } from "./params";

export const idleGpuQuota: GuardrailModule<typeof idleGpuQuotaName, typeof idleGpuQuotaParams, IdleGpuQuotaFacts> = {
  name: idleGpuQuotaName,
  paramsSchema: idleGpuQuotaParams,
  example: idleGpuQuotaExample,
  evaluate: evaluateIdleGpuQuota,
};
