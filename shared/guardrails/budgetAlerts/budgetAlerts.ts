import type { GuardrailModule } from "../GuardrailModule";
import { evaluateBudgetAlerts, type BudgetAlertsFacts } from "./evaluateBudgetAlerts";
import { budgetAlertsExample, budgetAlertsName, budgetAlertsParams } from "./params";

export const budgetAlerts: GuardrailModule<typeof budgetAlertsName, typeof budgetAlertsParams, BudgetAlertsFacts> = {
  name: budgetAlertsName,
  paramsSchema: budgetAlertsParams,
  example: budgetAlertsExample,
  evaluate: evaluateBudgetAlerts,
};
