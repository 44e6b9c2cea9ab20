import type { ActionOf } from "../estate/Action";
import type { ActionResult } from "./ActionResult";
import type { ActionContext } from "./ActionContext";

/** Moves a subscription under a management group unless it already sits there. */
export async function moveToManagementGroup(action: ActionOf<"moveToManagementGroup">, ctx: ActionContext): Promise<ActionResult> {
  const parent = await ctx.azure.subscriptionParent(action.subscriptionId, ctx.rootManagementGroupId);
  if (parent?.toLowerCase() === action.managementGroupId.toLowerCase()) {
    return { outcome: "succeeded", noop: true, note: `already under ${action.managementGroupId}`, before: { parent }, after: { parent } };
  }
  await ctx.azure.moveSubscription(action.subscriptionId, action.managementGroupId);
  return { outcome: "succeeded", note: `moved from ${parent ?? "?"} to ${action.managementGroupId}`, before: { parent }, after: { parent: action.managementGroupId } };
}
