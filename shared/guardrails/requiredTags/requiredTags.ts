import type { GuardrailModule } from "../GuardrailModule";
import { evaluateRequiredTags, type RequiredTagsFacts } from "./evaluateRequiredTags";
import { requiredTagsExample, requiredTagsName, requiredTagsParams } from "./params";

export const requiredTags: GuardrailModule<typeof requiredTagsName, typeof requiredTagsParams, RequiredTagsFacts> = {
  name: requiredTagsName,
  paramsSchema: requiredTagsParams,
  example: requiredTagsExample,
  evaluate: evaluateRequiredTags,
};
