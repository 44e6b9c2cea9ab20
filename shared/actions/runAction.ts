import type { Action } from "../estate/Action";
import type { Decision } from "../estate/Decision";
import type { ActionContext } from "./ActionContext";
import type { ActionResult } from "./ActionResult";
import { addTags } from "./addTags";
import { assertNever } from "./assertNever";
import { deallocateVm } from "./deallocateVm";
import { disableLocalAuth } from "./disableLocalAuth";
import { disablePublicNetworkAccess } from "./disablePublicNetworkAccess";
import { notifyOnly } from "./notifyOnly";
import { recordActivity } from "./recordActivity";
import { removeTags } from "./removeTags";
import { tagResource } from "./tagResource";

/** Where the multi-step actions run: they need grace periods and compensation, not an event handler. */
const ELSEWHERE: Record<string, string> = {
  lowerQuotaAllocation: "the nightly sweep's quota reclaim orchestration",
  moveToManagementGroup: "the decommissioning orchestration",
  deleteResourceGroup: "the two-phase decommissioning orchestration",
  createBudget: "the vending / budget orchestration",
};

/** Dispatches one action to its executor. Throws only for failures worth retrying (the caller decides). */
export async function runAction(decision: Decision, action: Action, ctx: ActionContext): Promise<ActionResult> {
  const id = decision.resourceId;
  switch (action.type) {
    case "tag":
      return tagResource(id, action, ctx);
    case "addTags":
      return addTags(id, action, ctx);
    case "removeTags":
      return removeTags(id, action, ctx);
    case "deallocate":
      return deallocateVm(action, ctx);
    case "disablePublicNetworkAccess":
      return disablePublicNetworkAccess(id, action, ctx);
    case "disableLocalAuth":
      return disableLocalAuth(id, action, ctx);
    case "recordActivity":
      return recordActivity(String(decision.evidence["writtenResourceId"] ?? id), action, ctx);
    case "notifyOnly":
      return notifyOnly(decision, action, ctx);
    case "lowerQuotaAllocation":
    case "moveToManagementGroup":
    case "deleteResourceGroup":
    case "createBudget":
      return { outcome: "skipped", note: `${action.type} is carried out by ${ELSEWHERE[action.type]}, not on the event path` };
    default:
      return assertNever(action, "action");
  }
}
