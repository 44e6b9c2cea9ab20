import { app, type InvocationContext } from "@azure/functions";
import { handleResourceEvent } from "../shared/enforce/handleResourceEvent";
import { getTelemetry } from "../shared/telemetry/getTelemetry";
import { recordStage, timed } from "../shared/telemetry/stageTimings";
import { recordEnforceOutcome } from "../shared/telemetry/recordEnforceOutcome";
import { getEnforceDeps, getEventAdmission, getFinishedEvents, getPolicy } from "./deps";

// Validate the policy as the app loads: a bad file stops start-up naming file:line:col and field.
getPolicy();

/**
 * Resource events from the subscriptions' Event Grid system topics (and the Resource
 * Notifications topic). The host invokes this once per event. A malformed event is dead-lettered
 * and returns normally (Event Grid must not retry garbage); a transient failure throws, so Event
 * Grid redelivers, and the event id is forgotten so the redelivery runs. Under a burst beyond what
 * the instance can finish in Event Grid's delivery timeout, events fail fast (getEventAdmission).
 */
async function resourceEvents(event: unknown, context: InvocationContext): Promise<void> {
  const { id, eventType } = (event ?? {}) as { id?: unknown; eventType?: unknown };
  const finished = getFinishedEvents();
  if (typeof id === "string" && finished.has(id)) {
    recordEnforceOutcome(getTelemetry(), { status: "duplicate", eventId: id, eventType: typeof eventType === "string" ? eventType : undefined, decisions: [], actions: [], opened: [], resolved: [], notified: false });
    context.debug(`event ${id}: duplicate (finished here)`);
    return;
  }
  // Back-pressure: an event that cannot start in time throws EventPathBusy before anything of it
  // ran, the delivery fails fast (500) and Event Grid redelivers it later.
  const out = await getEventAdmission()(() => timed("event.handle", () => handleResourceEvent(event, getEnforceDeps())));
  if (typeof id === "string" && (out.status === "processed" || out.status === "duplicate" || out.status === "ownWrite")) finished.add(id);
  const t0 = performance.now();
  recordEnforceOutcome(getTelemetry(), out);
  recordStage("event.telemetry", performance.now() - t0);
  if (out.status === "processed" && (out.opened.length > 0 || out.resolved.length > 0 || out.actions.length > 0)) {
    context.log(
      JSON.stringify({ eventId: out.eventId, decisions: out.decisions.length, opened: out.opened.length, resolved: out.resolved.length, actions: out.actions.map((a) => `${a.description}: ${a.result.outcome}`) }),
    );
  } else if (out.status === "deadLettered") {
    context.warn(`malformed event dead-lettered: ${out.reason}`);
  } else {
    context.debug(`event ${out.eventId ?? "?"}: ${out.status}${out.reason ? ` (${out.reason})` : ""}`);
  }
}

app.eventGrid("resourceEvents", { handler: resourceEvents });
