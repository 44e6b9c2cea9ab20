import type { SandboxState } from "../../estate/SandboxState";
import type { GuardrailModule } from "../GuardrailModule";
import { nextSandboxState } from "./nextSandboxState";
import type { SandboxFacts } from "./SandboxFacts";
import { sandboxLifecycleExample, sandboxLifecycleName, sandboxLifecycleParams } from "./params";

export interface SandboxLifecycleFacts {
  state?: SandboxState;
  sandbox: SandboxFacts;
}

/** Registry entry; callers that persist state use `nextSandboxState` directly for the new state. */
export const sandboxLifecycle: GuardrailModule<typeof sandboxLifecycleName, typeof sandboxLifecycleParams, SandboxLifecycleFacts> = {
  name: sandboxLifecycleName,
  paramsSchema: sandboxLifecycleParams,
  example: sandboxLifecycleExample,
  evaluate: (facts, policy, now) => nextSandboxState(facts.state, facts.sandbox, policy, now).decisions,
};
