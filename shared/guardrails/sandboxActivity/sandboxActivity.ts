import type { GuardrailModule } from "../../engine/GuardrailModule";
import { evaluateSandboxActivity } from "./evaluateSandboxActivity";
import { sandboxActivityExample, sandboxActivityName, sandboxActivityParams } from "./params";

export const sandboxActivity: GuardrailModule<typeof sandboxActivityName, typeof sandboxActivityParams> = {
  name: sandboxActivityName,
  paramsSchema: sandboxActivityParams,
  example: sandboxActivityExample,
  onEvent: {
    // Every succeeded write, delete or action inside a sandbox is activity; the group's tags say whether it is one.
    needs: () => ({ resourceGroupTags: true }),
    evaluate: ({ event, subscription, resourceGroupTags }, _params, policy, now) =>
      evaluateSandboxActivity({ resourceId: event.resourceId, caller: event.caller, subscription, resourceGroupTags, at: event.time }, policy, now),
  },
};
