import type { GuardrailModule } from "../../engine/GuardrailModule";
import { scorecardExample, scorecardName, scorecardParams } from "./params";

/** Settings only: the readiness scorecard is computed by the sweep's report (shared/report/computeScorecard) from these bands. */
export const scorecard: GuardrailModule<typeof scorecardName, typeof scorecardParams> = {
  name: scorecardName,
  paramsSchema: scorecardParams,
  example: scorecardExample,
};
