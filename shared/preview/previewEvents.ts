import { z } from "zod";
import type { Policy } from "../config/Policy";
import { decide } from "../engine/decide";
import type { Decision } from "../estate/Decision";
import type { Exemption } from "../estate/Exemption";
import { ResourceFacts } from "../estate/ResourceFacts";
import { SubscriptionFacts } from "../estate/SubscriptionFacts";
import { evaluateForEvent, planEvent } from "../enforce/evaluateForEvent";
import { ResourceEvent } from "../events/ResourceEvent";
import type { EventFacts } from "../facts/EventFacts";
import type { RecordedEvent } from "../store/records";
import { addedNotifications, diffDecisions, emptyDiff } from "./diffDecisions";
import type { PreviewItem } from "./PreviewItem";

/** What the event path recorded: the normalised event and the facts it judged it on. */
const Payload = z.object({
  event: ResourceEvent,
  facts: z.object({
    resource: ResourceFacts.optional(),
    subscription: SubscriptionFacts,
    resourceGroupTags: z.record(z.string(), z.string()).optional(),
    source: z.enum(["payload", "arm", "none", "skipped"]),
  }),
});

export interface EventsPreview {
  /** Records replayed, oldest first from `since`. */
  replayed: number;
  /** Records the proposal would judge on facts the event path did not read (no guardrail needed them then): not judged. */
  withoutFacts: number;
  findings: { open: PreviewItem[]; resolve: PreviewItem[] };
  actions: { start: PreviewItem[]; stop: PreviewItem[] };
  notifications: ReturnType<typeof addedNotifications>;
  unchanged: number;
}

const groupIdOf = (e: ResourceEvent) => (e.resourceGroup ? `/subscriptions/${e.subscriptionId}/resourcegroups/${e.resourceGroup}`.toLowerCase() : undefined);
const keyOf = (d: Decision) => `${d.guardrail}|${d.resourceId.toLowerCase()}|${d.rule ?? ""}`;

/**
 * Pure: the recorded events replayed in order through the event path's own plan, evaluate and
 * decide steps, once under each policy: each evaluated at the time it happened, with the
 * exemptions that hold at `now` (as the sweep preview has them). Per (guardrail, resource, rule) the
 * last decision stands, a delete clears the resource's; the two end states are compared as the
 * sweep preview compares its batches. Nothing is carried out.
 */
export function previewEvents(current: Policy, proposed: Policy, records: readonly RecordedEvent[], exemptions: readonly Exemption[], now: Date): EventsPreview {
  const parsed = records.flatMap((r) => {
    const p = Payload.safeParse(r.payload);
    return p.success ? [{ at: new Date(r.at), event: p.data.event, facts: p.data.facts as EventFacts }] : [];
  });
  let withoutFacts = 0;
  const names = new Map<string, { resourceName: string; subscriptionName: string }>();
  const replay = (policy: Policy, countMissing: boolean): Decision[] => {
    const state = new Map<string, Decision>();
    for (const { at, event, facts } of parsed) {
      const plan = planEvent(event, policy, facts.subscription);
      if (event.operation === "delete" && !event.tagsOnly) {
        for (const k of [...state.keys()]) if (k.split("|")[1] === event.resourceId.toLowerCase()) state.delete(k);
      }
      if (plan.resource && facts.source === "skipped") {
        if (countMissing) withoutFacts++;
        continue;
      }
      const { decisions } = decide(evaluateForEvent(event, facts, plan, policy, at), policy, now, {
        subscriptionOf: (id) => (id === facts.subscription.id ? facts.subscription : undefined),
        tagsOf: (id) => (id === event.resourceId.toLowerCase() ? facts.resource?.tags : id === groupIdOf(event) ? facts.resourceGroupTags : undefined),
        exemptions,
      });
      for (const d of decisions) {
        state.set(keyOf(d), d);
        if (d.resourceId.toLowerCase() === event.resourceId.toLowerCase()) names.set(d.resourceId.toLowerCase(), { resourceName: facts.resource?.name ?? leafOf(d.resourceId), subscriptionName: facts.subscription.name || facts.subscription.id });
      }
    }
    return [...state.values()];
  };
  const before = replay(current, false);
  const after = replay(proposed, true);
  const item = (d: Decision): PreviewItem => {
    const sub = /^\/subscriptions\/([^/]+)/i.exec(d.resourceId)?.[1]?.toLowerCase() ?? "";
    const n = names.get(d.resourceId.toLowerCase());
    return {
      guardrail: d.guardrail,
      rule: d.rule ?? "",
      resourceId: d.resourceId,
      resourceName: n?.resourceName ?? leafOf(d.resourceId),
      subscriptionId: sub,
      subscriptionName: n?.subscriptionName ?? sub,
      ...(d.severity ? { severity: d.severity } : {}),
      reason: d.reason,
      ...(d.action ? { action: d.action.type } : {}),
    };
  };
  const diff = diffDecisions(before, after, item, emptyDiff());
  return {
    replayed: parsed.length,
    withoutFacts,
    findings: { open: diff.open, resolve: diff.resolve },
    actions: { start: diff.start, stop: diff.stop },
    notifications: addedNotifications(diff),
    unchanged: diff.unchanged,
  };
}

const leafOf = (id: string) => id.split("/").filter(Boolean).pop() ?? id;
