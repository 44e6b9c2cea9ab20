import type { ActionOf } from "../estate/Action";
import type { ActionResult } from "./ActionResult";
import type { SweepActionContext } from "./SweepActionContext";

/** Moves a subscription under a management group unless it already sits there. */
export async function moveToManagementGroup(action: ActionOf<"moveToManagementGroup">, ctx: SweepActionContext): Promise<ActionResult> {
  const parent = await ctx.sweepAzure.subscriptionParent(action.subscriptionId, ctx.rootManagementGroupId);
  if (parent?.toLowerCase() === action.managementGroupId.toLowerCase()) {
    return { outcome: "succeeded", noop: true, note: `already under ${action.managementGroupId}`, before: { parent }, after: { parent } };
  }
  await ctx.sweepAzure.moveSubscription(action.subscriptionId, action.managementGroupId);
  return { outcome: "succeeded", note: `moved from ${parent ?? "?"} to ${action.managementGroupId}`, before: { parent }, after: { parent: action.managementGroupId } };
}
