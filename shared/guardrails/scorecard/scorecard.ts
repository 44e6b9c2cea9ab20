import type { GuardrailModule } from "../GuardrailModule";
import { evaluateScorecard } from "./evaluateScorecard";
import type { ScorecardFacts } from "./computeScorecard";
import { scorecardExample, scorecardName, scorecardParams } from "./params";

export const scorecard: GuardrailModule<typeof scorecardName, typeof scorecardParams, ScorecardFacts> = {
  name: scorecardName,
  paramsSchema: scorecardParams,
  example: scorecardExample,
  evaluate: evaluateScorecard,
};
