import type { Decision } from "../estate/Decision";
import type { ActionResult } from "../actions/ActionResult";

type EnforceStatus =
  /** Guardrails ran (possibly deciding nothing). */
  | "processed"
  /** The event id was already handled. */
  | "duplicate"
  /** Not an event type this path handles, or a failed/cancelled operation. */
  | "ignored"
  /** Written by ailz itself: no decisions (loop guard). */
  | "ownWrite"
  /** Unusable payload: kept in the dead-letter store. */
  | "deadLettered";

export interface EnforceOutcome {
  status: EnforceStatus;
  eventId?: string;
  /** The delivered event type (absent for malformed events). */
  eventType?: string;
  reason?: string;
  decisions: Decision[];
  actions: Array<{ guardrail: string; rule?: string; type: string; resourceId: string; dryRun: boolean; description: string; result: ActionResult }>;
  opened: string[];
  resolved: string[];
  notified: boolean;
}
