import type { Action } from "../estate/Action";
import { assertNever } from "./assertNever";

/** A one-line description of an action, for the audit log and dry-run records. */
export function describeAction(action: Action, resourceId: string): string {
  switch (action.type) {
    case "tag":
      return `set tags ${Object.entries(action.tags).map(([k, v]) => `${k}=${v}`).join(", ")} on ${resourceId}`;
    case "addTags":
      return `add missing tags ${Object.entries(action.tags).map(([k, v]) => `${k}=${v}`).join(", ")} on ${resourceId}`;
    case "removeTags":
      return `remove tags ${action.tagNames.join(", ")} from ${resourceId}`;
    case "deallocate":
      return `deallocate VM ${action.vmId}`;
    case "disablePublicNetworkAccess":
      return `disable public network access on ${resourceId}`;
    case "disableLocalAuth":
      return `disable local (key) auth on ${resourceId}`;
    case "lowerQuotaAllocation":
      return `lower ${action.family} quota in ${action.location} for ${action.subscriptionId} from ${action.fromLimit} to ${action.toLimit}`;
    case "moveToManagementGroup":
      return `move subscription ${action.subscriptionId} to management group ${action.managementGroupId}`;
    case "deleteResourceGroup":
      return `delete resource group ${action.resourceGroupId}`;
    case "createBudget":
      return `create budget ${action.name} of ${action.amount} on ${action.scope}`;
    case "notifyOnly":
      return `notify ${action.contacts.join(", ") || "the resource's owners"}`;
    case "recordActivity":
      return `record activity in sandbox ${action.sandboxId} at ${action.at}`;
    default:
      return assertNever(action, "action");
  }
}
