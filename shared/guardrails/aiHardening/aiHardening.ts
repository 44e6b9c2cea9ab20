import type { GuardrailModule } from "../GuardrailModule";
import { evaluateAiHardening, type AiHardeningFacts } from "./evaluateAiHardening";
import { aiHardeningExample, aiHardeningName, aiHardeningParams } from "./params";

export const aiHardening: GuardrailModule<typeof aiHardeningName, typeof aiHardeningParams, AiHardeningFacts> = {
  name: aiHardeningName,
  paramsSchema: aiHardeningParams,
  example: aiHardeningExample,
  evaluate: evaluateAiHardening,
};
