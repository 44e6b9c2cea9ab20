import { z } from "zod";
import { APP_ROLES } from "./auth/appRoles";
import { protectedRoute } from "./auth/httpRoute";
import { mapLimit } from "../shared/sweep/mapLimit";
import { getEnforceDeps } from "./deps";
import { jsonReply } from "./http/jsonReply";
import { parseQuery } from "./http/parseQuery";
import { getSweepDeps } from "./sweepDeps";

const BudgetsQuery = z.object({ subscription: z.string().regex(/^[0-9a-fA-F-]{36}$/, "must be a subscription id (GUID)").optional() }).strict();

/**
 * `GET /api/budgets[?subscription=]`: each subscription's Cost Management budgets with actual and
 * forecast spend against the amount, read live through the same reader the sweep uses (a few
 * calls in flight at once). Without `subscription` it covers every subscription in the directory.
 */
protectedRoute("budgets", {
  route: "budgets",
  methods: ["GET"],
  access: APP_ROLES.reader,
  handler: async (request) => {
    const q = parseQuery(request, BudgetsQuery);
    const subs = q.subscription ? [q.subscription.toLowerCase()] : (await getEnforceDeps().facts.subscriptionContainers()).map((c) => c.subscriptionId.toLowerCase());
    const reader = getSweepDeps().reader;
    const perSub = await mapLimit(subs, 8, async (sub) => (await reader.budgets(sub)).map((b) => ({ subscriptionId: sub, ...b })));
    const value = perSub.flat().map((b) => ({
      id: b.id,
      name: b.name,
      subscriptionId: b.subscriptionId,
      scope: b.id.replace(/\/providers\/Microsoft\.Consumption\/budgets\/.*$/i, ""),
      amount: b.amount,
      timeGrain: b.timeGrain,
      actual: b.currentSpend,
      forecast: b.forecastSpend ?? null,
      actualPercent: b.amount > 0 ? Math.round((b.currentSpend / b.amount) * 1000) / 10 : null,
      forecastPercent: b.amount > 0 && b.forecastSpend !== undefined ? Math.round((b.forecastSpend / b.amount) * 1000) / 10 : null,
    }));
    return jsonReply(200, { value });
  },
});
