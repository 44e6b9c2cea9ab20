import type { ExecuteContext } from "./executeDecision";
import type { SweepActionsPort } from "./SweepActionsPort";

/** The event path's execute context plus the sweep's own Azure port and where the root is. */
export interface SweepActionContext extends ExecuteContext {
  sweepAzure: SweepActionsPort;
  rootManagementGroupId: string;
}
