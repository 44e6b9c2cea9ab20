import type { GuardrailModule } from "../../engine/GuardrailModule";
import { isJudged } from "../../events/isJudged";
import { isChildResourceType } from "../isChildResourceType";
import { evaluateRequiredTags } from "./evaluateRequiredTags";
import { requiredTagsExample, requiredTagsName, requiredTagsParams } from "./params";

export const requiredTags: GuardrailModule<typeof requiredTagsName, typeof requiredTagsParams> = {
  name: requiredTagsName,
  paramsSchema: requiredTagsParams,
  example: requiredTagsExample,
  onEvent: {
    // Most writes in an estate are child or excluded types: they need no read at all.
    needs: (event, params) => {
      const type = event.resourceType.toLowerCase();
      return isJudged(event) && !isChildResourceType(type) && !params.excludeResourceTypes.includes(type) && { resource: true };
    },
    evaluate: ({ event, resource }, _params, policy, now) => (resource ? evaluateRequiredTags({ resource, caller: event.tagsOnly ? undefined : event.caller }, policy, now) : []),
  },
};
