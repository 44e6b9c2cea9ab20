type EventOperation = "write" | "delete" | "action";
type EventStatus = "succeeded" | "failed" | "canceled";

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
