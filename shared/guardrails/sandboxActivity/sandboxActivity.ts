import type { GuardrailModule } from "../GuardrailModule";
import { evaluateSandboxActivity, type SandboxActivityFacts } from "./evaluateSandboxActivity";
import { sandboxActivityExample, sandboxActivityName, sandboxActivityParams } from "./params";

export const sandboxActivity: GuardrailModule<typeof sandboxActivityName, typeof sandboxActivityParams, SandboxActivityFacts> = {
  name: sandboxActivityName,
  paramsSchema: sandboxActivityParams,
  example: sandboxActivityExample,
  evaluate: evaluateSandboxActivity,
};
