import type { GuardrailModule } from "../../engine/GuardrailModule";
import { isJudged } from "../../events/isJudged";
import { isAiResourceType } from "../aiTypes";
import { evaluateAiHardening } from "./evaluateAiHardening";
import { aiHardeningExample, aiHardeningName, aiHardeningParams } from "./params";

export const aiHardening: GuardrailModule<typeof aiHardeningName, typeof aiHardeningParams> = {
  name: aiHardeningName,
  paramsSchema: aiHardeningParams,
  example: aiHardeningExample,
  onEvent: {
    needs: (event) => isJudged(event) && isAiResourceType(event.resourceType) && { resource: true },
    evaluate: ({ resource, subscription }, _params, policy, now) => (resource ? evaluateAiHardening({ resource, subscription }, policy, now) : []),
  },
};
