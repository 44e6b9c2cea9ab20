import type { GuardrailModule } from "../../engine/GuardrailModule";
import { evaluateIdleGpuCompute } from "./evaluateIdleGpuCompute";
import { idleGpuComputeExample, idleGpuComputeName, idleGpuComputeParams } from "./params";

export const idleGpuCompute: GuardrailModule<typeof idleGpuComputeName, typeof idleGpuComputeParams> = {
  name: idleGpuComputeName,
  paramsSchema: idleGpuComputeParams,
  example: idleGpuComputeExample,
  onSweep: { evaluate: (batch, params, policy, now) => ({ decisions: evaluateIdleGpuCompute(batch, params, policy, now) }) },
};
