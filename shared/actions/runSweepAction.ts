import type { Action } from "../estate/Action";
import type { Decision } from "../estate/Decision";
import type { ActionResult } from "./ActionResult";
import { createBudget } from "./createBudget";
import { deleteResourceGroup } from "./deleteResourceGroup";
import { lowerQuotaAllocation } from "./lowerQuotaAllocation";
import { moveToManagementGroup } from "./moveToManagementGroup";
import { runAction } from "./runAction";
import type { SweepActionContext } from "./SweepActionContext";

/** The sweep's dispatcher: its own four actions here, everything else through the event path's. */
export function runSweepAction(ctx: SweepActionContext): (decision: Decision, action: Action) => Promise<ActionResult> {
  return (decision, action) => {
    switch (action.type) {
      case "lowerQuotaAllocation":
        return lowerQuotaAllocation(action, ctx);
      case "moveToManagementGroup":
        return moveToManagementGroup(action, ctx);
      case "deleteResourceGroup":
        return deleteResourceGroup(action, ctx);
      case "createBudget":
        return createBudget(action, ctx);
      default:
        return runAction(decision, action, ctx);
    }
  };
}
