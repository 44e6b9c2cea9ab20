import type { HttpRequest } from "@azure/functions";
import { CostBudgetAlert } from "../shared/enforce/budgetAlert/CostBudgetAlert";
import { handleBudgetAlert } from "../shared/enforce/budgetAlert/handleBudgetAlert";
import { getBudgetAlertDeps } from "./deps";
import { openRoute } from "./auth/httpRoute";
import { HttpError } from "./http/HttpError";
import { jsonReply } from "./http/jsonReply";
import { readJsonBody } from "./http/readJsonBody";

/**
 * Azure's own budget alert (an action group's webhook, common alert schema), between sweeps:
 * judged by the budgetAlerts guardrail through the engine, so a threshold the sweep already fired
 * (or fires later the same period) is sent once. 400 names the field of a malformed alert; 404
 * says the budget does not exist (the action group does not retry a 4xx).
 */
// An action group's webhook cannot sign in: the function key in its URL is its credential.
openRoute("budgetAlertsWebhook", {
  route: "budget-alerts",
  methods: ["POST"],
  access: "webhook",
  handler: async (request: HttpRequest) => {
    const alert = CostBudgetAlert.parse(await readJsonBody(request));
    const outcome = await handleBudgetAlert(alert, getBudgetAlertDeps());
    switch (outcome.status) {
      case "unknownBudget":
        throw new HttpError(404, "UnknownBudget", `data.alertContext.AlertData.BudgetId: ${outcome.message}`, "data.alertContext.AlertData.BudgetId");
      case "unsupportedScope":
        throw new HttpError(400, "InvalidRequest", `data.alertContext.AlertData.Scope: ${outcome.message}`, "data.alertContext.AlertData.Scope");
      case "duplicate":
        return jsonReply(200, { status: "duplicate", message: "this alert was already handled" });
      case "handled":
        return jsonReply(200, outcome);
    }
  },
});
