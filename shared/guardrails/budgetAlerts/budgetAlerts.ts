import type { GuardrailModule } from "../../engine/GuardrailModule";
import { budgetAlertsExample, budgetAlertsName, budgetAlertsParams } from "./params";
import { sweepBudgets } from "./sweepBudgets";

export const budgetAlerts: GuardrailModule<typeof budgetAlertsName, typeof budgetAlertsParams> = {
  name: budgetAlertsName,
  paramsSchema: budgetAlertsParams,
  example: budgetAlertsExample,
  onSweep: { evaluate: (batch, _params, policy, now) => sweepBudgets(batch, policy, now) },
};
