import type { GuardrailModule } from "../../engine/GuardrailModule";
import { sandboxLifecycleExample, sandboxLifecycleName, sandboxLifecycleParams } from "./params";
import { sweepSandboxes } from "./sweepSandboxes";

export const sandboxLifecycle: GuardrailModule<typeof sandboxLifecycleName, typeof sandboxLifecycleParams> = {
  name: sandboxLifecycleName,
  paramsSchema: sandboxLifecycleParams,
  example: sandboxLifecycleExample,
  onSweep: { evaluate: (batch, _params, policy, now) => sweepSandboxes(batch, policy, now) },
};
