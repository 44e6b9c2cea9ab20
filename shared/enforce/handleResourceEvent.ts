import type { ActionContext } from "../actions/ActionContext";
import { carryOut, resolveFinding, type PipelineDeps } from "../engine/carryOut";
import type { Decision } from "../estate/Decision";
import { normaliseEvent } from "../events/normaliseEvent";
import type { ResourceEvent } from "../events/ResourceEvent";
import { collectFacts } from "../facts/collectFacts";
import type { EventFacts } from "../facts/EventFacts";
import type { FindingRecord } from "../store/records";
import type { EnforceDeps } from "./EnforceDeps";
import type { EnforceOutcome } from "./EnforceOutcome";
import { evaluateForEvent, planEvent, type EventPlan } from "./evaluateForEvent";
import { recordStage, timed } from "../telemetry/stageTimings";
import { decide } from "../engine/decide";
import { exemptionFromRecord } from "../engine/exemptions/exemptionFromRecord";
import type { Exemption } from "../estate/Exemption";
import { findingMessage } from "./findingMessage";
import { markFindings } from "../engine/markFindings";
import { isOwnWrite } from "./isOwnWrite";
import { routingOf } from "../notify/routingOf";
import { aiResourceKind } from "../guardrails/aiResourceKind";
import { recordWriteProvenance } from "../sweep/provenance/recordWriteProvenance";
import { deliveredByOtherFamily } from "./claimChange";
import { isOwnLastWrite } from "./isOwnLastWrite";
import { oneAtATime } from "./oneAtATime";

const keyOf = (f: { guardrail: string; rule?: string }) => `${f.guardrail}\n${f.rule ?? ""}`;

const empty = (status: EnforceOutcome["status"], extra: Partial<EnforceOutcome> = {}): EnforceOutcome => ({
  status, decisions: [], actions: [], opened: [], resolved: [], notified: false, ...extra,
});

/**
 * The event path: normalise -> loop guard -> plan (which guardrails judge it; an event nothing
 * comes of ends here, with no round trip) -> facts and open findings read together -> the
 * record stored first-one-wins (the de-duplication by event id) -> guardrails (mode, scope,
 * exemptions) -> decisions carried out and audited -> findings opened / resolved ->
 * `ailz-finding` tag -> notify -> findings published.
 *
 * A malformed event is dead-lettered and resolves normally (retrying garbage never helps). Any
 * other failure forgets the record this delivery stored and rethrows, so Event Grid's redelivery
 * runs it again; every step is idempotent, so a partial first run does no harm.
 */
export async function handleResourceEvent(raw: unknown, deps: EnforceDeps): Promise<EnforceOutcome> {
  const n = normaliseEvent(raw);
  if (n.kind === "malformed") {
    await deps.stores.deadLetters.put({ source: "resourceEvents", reason: n.reason, payload: raw, at: deps.now().toISOString() });
    deps.log("warn", `resourceEvents: malformed event dead-lettered: ${n.reason}`);
    return empty("deadLettered", { reason: n.reason });
  }
  if (n.kind === "ignored") {
    deps.log("debug", `resourceEvents: ignoring event type ${n.eventType}`, { eventId: n.id });
    return empty("ignored", { eventId: n.id, eventType: n.eventType, reason: `event type ${n.eventType} is not handled` });
  }
  const event = n.event;
  if (event.status !== "succeeded") {
    deps.log("debug", `resourceEvents: ignoring ${event.status} operation`, { eventId: event.id });
    return empty("ignored", { eventId: event.id, eventType: event.eventType, reason: `operation ${event.status}` });
  }
  // The loop guard and the plan need no round trip (the directory is cached), so they come before
  // de-duplication: an own write, or an event no guardrail judges, does nothing however often it
  // arrives, and costs no table write.
  if (isOwnWrite(event.caller, deps.identity)) {
    deps.log("debug", "resourceEvents: own write, no decisions (loop guard)", { eventId: event.id, resourceId: event.resourceId });
    return empty("ownWrite", { eventId: event.id, eventType: event.eventType });
  }
  const plan = planEvent(event, deps.policy, await timed("event.directory", () => deps.subscriptions.get(event.subscriptionId)));
  if (plan.judges.length === 0 && !plan.findings) {
    recordStage("event.unjudged", 0);
    return empty("processed", { eventId: event.id, eventType: event.eventType });
  }
  // Judged on cached facts alone (no body, no findings) and nothing comes of it, e.g. a write
  // outside every sandbox: deciding costs no round trip, so neither does the event.
  if (!plan.resource && !plan.findings && (await changesNothing(event, plan, deps))) {
    recordStage("event.unjudged", 0);
    return empty("processed", { eventId: event.id, eventType: event.eventType });
  }
  // The event's record is its de-duplication (the first delivery to store it acts), so it costs no
  // round trip of its own; the change claim runs beside it. A failure forgets the record this
  // delivery stored (never an earlier delivery's), so Event Grid's redelivery runs again.
  const mine = { recorded: false };
  try {
    // Facts to actions, one event per resource at a time: each one judges what the last one left.
    const outcome = await oneAtATime(event.resourceId.toLowerCase(), () =>
      enforce(event, plan, deps, mine).then((out) => {
        // Whatever ailz wrote to the resource, the next event must read it back (a dry run writes nothing).
        if (out.actions.some((a) => !a.dryRun)) deps.freshReads?.forget(event.resourceId);
        return out;
      }),
    );
    return outcome;
  } catch (err) {
    deps.freshReads?.forget(event.resourceId);
    if (mine.recorded) await deps.stores.eventRecords.forget({ id: event.id, at: eventAt(event) }).catch(() => undefined);
    throw err;
  }
}

/** The record's time: the event's own (the same in every redelivery), normalised so records sort as strings. */
const eventAt = (event: ResourceEvent) => new Date(event.time).toISOString();

/** Whether the planned guardrails, on cached facts only, decide nothing to do (only for plans that read neither the body nor findings). */
async function changesNothing(event: ResourceEvent, plan: EventPlan, deps: EnforceDeps): Promise<boolean> {
  const facts = await collectFacts(event, deps.facts, deps.subscriptions, { resourceGroupTags: plan.resourceGroupTags, resource: false });
  return evaluateForEvent(event, facts, plan, deps.policy, deps.now()).every((d) => d.verdict === "ok" && !d.action);
}

/**
 * Whether this delivery acts on the event: not when systemData says ailz made the change (the loop
 * guard for Resource Notifications, which name no caller), not when the other topic family
 * delivered it, not when an earlier delivery stored its record (first one wins). Undefined: act.
 */
async function admit(event: ResourceEvent, facts: EventFacts, deps: EnforceDeps, mine: { recorded: boolean }): Promise<EnforceOutcome | undefined> {
  if (!event.caller && facts.resource && isOwnLastWrite(facts.resource, event.time, deps.identity)) {
    deps.log("debug", "resourceEvents: own write by systemData, no decisions (loop guard)", { eventId: event.id, resourceId: event.resourceId });
    return empty("ownWrite", { eventId: event.id, eventType: event.eventType });
  }
  if (deps.changesCanArriveTwice !== false && (await timed("event.changeClaim", () => deliveredByOtherFamily(event, deps.stores.changeClaims)))) {
    deps.log("debug", "resourceEvents: change already delivered by the other topic family", { eventId: event.id, resourceId: event.resourceId });
    return empty("duplicate", { eventId: event.id, eventType: event.eventType, reason: "delivered by the other topic family" });
  }
  // The record (kept for the policy preview's replay) is stored first-one-wins: a redelivery finds it.
  mine.recorded = await timed("event.record", () => deps.stores.eventRecords.recordFirst({ id: event.id, at: eventAt(event), payload: { event, facts } }));
  return mine.recorded ? undefined : empty("duplicate", { eventId: event.id, eventType: event.eventType });
}

/** Like Promise.all, but rejects (with the first failure in order) only once every promise has settled. */
async function allOrFirstError<T extends readonly unknown[]>(all: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(all);
  const failed = settled.find((s) => s.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

async function enforce(event: ResourceEvent, plan: EventPlan, deps: EnforceDeps, mine: { recorded: boolean }): Promise<EnforceOutcome> {
  const now = deps.now();
  const at = now.toISOString();
  // The reads run in parallel and nothing waits for more than it needs: the loop guard, the claim
  // and the record need the facts only, and so does the exemptions read, so none of them waits
  // for the findings query; the time to decision is the longer of the two chains, not their sum.
  const factsRead = timed("event.facts", () => collectFacts(event, deps.facts, deps.subscriptions, { resourceGroupTags: plan.resourceGroupTags, resource: plan.resource, reads: deps.freshReads }));
  // The store batches a delivery's asks into a few queries, each within one table partition.
  const findingsRead = plan.findings ? timed("event.findings", () => deps.stores.findings.openOn(event.resourceId)) : Promise.resolve([] as FindingRecord[]);
  const admitted = factsRead.then((facts) => admit(event, facts, deps, mine));
  const judged = factsRead.then(async (facts) => {
    const evaluated = evaluateForEvent(event, facts, plan, deps.policy, now);
    return { evaluated, exemptions: await timed("event.exemptions", () => storedExemptions(evaluated, event, facts, deps, now)) };
  });
  // Every chain settles before any failure is thrown, so the caller knows whether this delivery's record was stored.
  const [facts, openBefore, refused, { evaluated, exemptions }] = await allOrFirstError([factsRead, findingsRead, admitted, judged] as const);
  if (refused) return refused;
  const outcome = empty("processed", { eventId: event.id, eventType: event.eventType });
  const openKeys = new Map(openBefore.map((f) => [keyOf(f), f]));
  const ctx: ActionContext = {
    azure: deps.azure,
    sandboxActivity: deps.stores.sandboxActivity,
    notifier: deps.notifier,
    now: deps.now,
    audit: deps.stores.audit,
    actor: deps.identity.objectId,
    correlationId: event.id,
    rootManagementGroupId: deps.policy.managementGroups.root,
  };

  const pipeline: PipelineDeps = {
    ctx,
    findings: deps.stores.findings,
    publisher: deps.publisher,
    onPublishError: (err, f) => deps.log("warn", `publishing finding failed: ${err instanceof Error ? err.message : String(err)}`, { resourceId: f.resourceId }),
  };
  if (!facts.resource && facts.source !== "skipped" && event.operation !== "action") {
    // Deleted (or gone before we looked): every open finding on it resolves.
    for (const f of openBefore) if (await resolveFinding(f, "resource deleted", pipeline)) outcome.resolved.push(keyOf(f));
  }

  // The sweep reads who deployed AI/GPU resources from here instead of one ARM read per resource.
  // Written beside the decisions (nothing here reads it), awaited before the event completes.
  const provenance =
    deps.provenance && event.operation === "write" && event.caller && facts.resource && aiResourceKind(facts.resource, deps.policy)
      ? timed("event.provenance", () => recordWriteProvenance(deps.provenance!, { resourceId: event.resourceId, subscriptionId: event.subscriptionId, caller: event.caller!, at }))
      : undefined;
  provenance?.catch(() => undefined);

  const { decisions } = decide(evaluated, deps.policy, now, {
    subscriptionOf: (id) => (id === facts.subscription.id ? facts.subscription : undefined),
    tagsOf: (id) => (id === event.resourceId.toLowerCase() ? facts.resource?.tags : id === groupIdOf(event) ? facts.resourceGroupTags : undefined),
    exemptions,
  });
  outcome.decisions = decisions;
  const opened: FindingRecord[] = [];
  const acted: Array<{ description: string; note: string; outcome: string }> = [];

  for (const d of decisions) {
    // `ok` decisions without an action and without an open finding change nothing: not audited.
    const open = openKeys.get(keyOf(d));
    if (d.verdict === "ok" && !d.action && !open) continue;
    const done = await timed("event.carryOut", () => carryOut(d, open, pipeline));
    const { result, description } = done.outcome;
    if (result && description) {
      outcome.actions.push({ guardrail: d.guardrail, rule: d.rule, type: d.action?.type ?? "none", resourceId: d.resourceId, dryRun: d.dryRun, description, result });
      // People hear about real actions (done, or held back by a lock / failure), not dry runs or no-ops.
      const real = !d.dryRun && !d.exemption && d.action?.type !== "recordActivity";
      if (real && !(result.outcome === "succeeded" && result.noop)) acted.push({ description, note: result.note, outcome: result.outcome });
    }
    if (d.resourceId.toLowerCase() !== event.resourceId.toLowerCase()) continue;
    if (done.resolved) {
      openKeys.delete(keyOf(d));
      outcome.resolved.push(keyOf(d));
    }
    if (done.finding) {
      if (done.opened) {
        opened.push(done.finding);
        outcome.opened.push(keyOf(d));
      }
      openKeys.set(keyOf(d), done.finding);
    }
  }

  // The marker tag and the message are independent (the message names the decisions' actions,
  // not the tag): both at once.
  const mark = facts.resource
    ? timed("event.mark", () => markFindings(event.resourceId, facts.resource!.tags, [...openKeys.values()], ctx)).then((marked) => {
        if (marked) outcome.actions.push({ guardrail: "ailz", rule: "findingTag", type: marked.decision.action!.type, resourceId: event.resourceId, dryRun: false, description: marked.description, result: marked.result });
      })
    : undefined;
  const notify =
    opened.length > 0 || acted.length > 0
      ? timed("event.notify", () =>
          deps.notifier.notify(
            findingMessage(event.resourceId, facts.resource, opened, acted),
            routingOf(deps.policy, { resource: facts.resource?.tags, group: facts.resourceGroupTags, subscription: facts.subscription.tags }),
          ),
        ).then(() => {
          outcome.notified = true;
        })
      : undefined;
  await Promise.all([mark, notify, provenance]);
  return outcome;
}

const groupIdOf = (event: ResourceEvent) => (event.resourceGroup ? `/subscriptions/${event.subscriptionId}/resourcegroups/${event.resourceGroup}`.toLowerCase() : undefined);

/** API exemptions that could cover what fired: read only when something fired, per guardrail (the store filters by scope ancestry). */
async function storedExemptions(decisions: Decision[], event: ResourceEvent, facts: EventFacts, deps: EnforceDeps, now: Date): Promise<Exemption[]> {
  const fired = [...new Set(decisions.filter((d) => d.verdict !== "ok").map((d) => d.guardrail))];
  if (fired.length === 0) return [];
  const scopes = [event.resourceId, ...facts.subscription.managementGroupPath.map((m) => `/providers/Microsoft.Management/managementGroups/${m}`)];
  const found = await Promise.all(fired.map((g) => deps.stores.exemptions.active(scopes, g, now.toISOString())));
  return found.flat().map(exemptionFromRecord);
}
