import type { GuardrailModule } from "../../engine/GuardrailModule";
import { isJudged } from "../../events/isJudged";
import { isAiResourceType } from "../aiTypes";
import { evaluateShadowAi } from "./evaluateShadowAi";
import { shadowAiExample, shadowAiName, shadowAiParams } from "./params";

export const shadowAi: GuardrailModule<typeof shadowAiName, typeof shadowAiParams> = {
  name: shadowAiName,
  paramsSchema: shadowAiParams,
  example: shadowAiExample,
  onEvent: {
    needs: (event) => isJudged(event) && isAiResourceType(event.resourceType) && { resource: true },
    // A tags-only write is not a deployment: judge the resource by its creator (systemData) instead.
    evaluate: ({ event, resource, subscription }, _params, policy, now) =>
      resource ? evaluateShadowAi({ resource, caller: event.tagsOnly ? undefined : event.caller, subscription }, policy, now) : [],
  },
  onSweep: {
    // Nightly, only what fires: the inventory (in the report) already lists the governed ones.
    evaluate: ({ subscriptions, facts }, _params, policy, now) => {
      const bySub = new Map(subscriptions.map((s) => [s.id, s]));
      return { decisions: facts.resources.flatMap((r) => evaluateShadowAi({ resource: r, subscription: bySub.get(r.subscriptionId) }, policy, now).filter((d) => d.verdict !== "ok")) };
    },
  },
};
