/** The event types the enforcement path understands, by topic family. */
export const RESOURCES_EVENT_TYPES = [
  "Microsoft.Resources.ResourceWriteSuccess",
  "Microsoft.Resources.ResourceWriteFailure",
  "Microsoft.Resources.ResourceWriteCancel",
  "Microsoft.Resources.ResourceDeleteSuccess",
  "Microsoft.Resources.ResourceDeleteFailure",
  "Microsoft.Resources.ResourceDeleteCancel",
  "Microsoft.Resources.ResourceActionSuccess",
  "Microsoft.Resources.ResourceActionFailure",
  "Microsoft.Resources.ResourceActionCancel",
] as const;

export const NOTIFICATIONS_EVENT_TYPES = [
  "Microsoft.ResourceNotifications.Resources.CreatedOrUpdated",
  "Microsoft.ResourceNotifications.Resources.Deleted",
] as const;

export type EventOperation = "write" | "delete" | "action";
export type EventStatus = "succeeded" | "failed" | "canceled";

export interface EventTypeInfo {
  family: "resources" | "resourceNotifications";
  operation: EventOperation;
  status: EventStatus;
}

const RESOURCES = /^microsoft\.resources\.resource(write|delete|action)(success|failure|cancel)$/;
const STATUS: Record<string, EventStatus> = { success: "succeeded", failure: "failed", cancel: "canceled" };

/** What an event type means, or undefined for types this path ignores (matched case-insensitively, as Event Grid filters do). */
export function eventTypeInfo(eventType: string): EventTypeInfo | undefined {
  const t = eventType.toLowerCase();
  const m = RESOURCES.exec(t);
  if (m) return { family: "resources", operation: m[1] as EventOperation, status: STATUS[m[2]!]! };
  if (t === "microsoft.resourcenotifications.resources.createdorupdated") return { family: "resourceNotifications", operation: "write", status: "succeeded" };
  if (t === "microsoft.resourcenotifications.resources.deleted") return { family: "resourceNotifications", operation: "delete", status: "succeeded" };
  return undefined;
}
