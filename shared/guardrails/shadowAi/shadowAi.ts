import type { GuardrailModule } from "../GuardrailModule";
import { evaluateShadowAi } from "./evaluateShadowAi";
import { shadowAiExample, shadowAiName, shadowAiParams } from "./params";
import type { ShadowAiFacts } from "./classifyAiResource";

export const shadowAi: GuardrailModule<typeof shadowAiName, typeof shadowAiParams, ShadowAiFacts> = {
  name: shadowAiName,
  paramsSchema: shadowAiParams,
  example: shadowAiExample,
  evaluate: evaluateShadowAi,
};
