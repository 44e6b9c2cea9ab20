import type { GuardrailModule } from "../../engine/GuardrailModule";
import { idleGpuQuotaExample, idleGpuQuotaName, idleGpuQuotaParams } from "./params";
import { sweepIdleQuota } from "./sweepIdleQuota";

export const idleGpuQuota: GuardrailModule<typeof idleGpuQuotaName, typeof idleGpuQuotaParams> = {
  name: idleGpuQuotaName,
  paramsSchema: idleGpuQuotaParams,
  example: idleGpuQuotaExample,
  onSweep: { evaluate: (batch, _params, policy, now) => sweepIdleQuota(batch, policy, now) },
};
