import type { ActionOf } from "../estate/Action";
import type { ActionResult } from "./ActionResult";
import type { ActionContext } from "./ActionContext";

/** Creates the default budget on a scope that has none; an existing budget of that name is kept. */
export async function createBudget(action: ActionOf<"createBudget">, ctx: ActionContext): Promise<ActionResult> {
  if (await ctx.azure.budgetExists(action.scope, action.name)) return { outcome: "succeeded", noop: true, note: `budget ${action.name} already exists` };
  const now = ctx.now();
  const startDate = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
  await ctx.azure.createBudget(action.scope, action.name, { amount: action.amount, timeGrain: action.timeGrain, startDate, notifications: action.notifications });
  return { outcome: "succeeded", note: `budget ${action.name} of ${action.amount} created`, after: { amount: action.amount, notifications: action.notifications.length } };
}
