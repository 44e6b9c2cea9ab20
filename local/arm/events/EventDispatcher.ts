import { setTimeout as delay } from "node:timers/promises";
import type { EstateState } from "../state/EstateState";
import type { ArmResource } from "../state/schemas";
import { toCloudEvent, type EventGridEvent } from "./buildResourceEvent";
import { matchesAdvancedFilters, parseFunctionId, type AdvancedFilter } from "./advancedFilters";

// Event Grid's delivery to webhook subscribers: asynchronous, batched per subscription
// (maxEventsPerBatch), at least once (the `duplicate` switch sends every batch n times), with
// bounded retries and backoff. Event Grid does not retry 400 and 413 (the request will never
// succeed) and drops after maxDeliveryAttempts.

export interface DeliveryConfig {
  /** Send each batch this many times (at-least-once testing). */
  duplicate: number;
  /** Backoff before attempt 2, 3, ...; the last value repeats. Real time, so tests stay fast. */
  retryDelaysMs: number[];
  /** Upper bound on attempts, whatever the subscription's retryPolicy says. */
  maxAttempts: number;
  /** How long events gather before a batch goes out. */
  batchWindowMs: number;
  timeoutMs: number;
  /** Run Event Grid's validation handshake when a webhook subscription is created. */
  validateWebhooks: boolean;
  /**
   * Function Apps an AzureFunction destination can reach, by resource id (lower case): the host's
   * base URL and its Event Grid system key. Event Grid holds the key itself in Azure; locally the
   * world that runs the host registers it here.
   */
  functionApps: Record<string, { url: string; code: string }>;
}

export interface DeliveryRecord {
  eventSubscriptionId: string;
  endpointUrl: string;
  eventIds: string[];
  eventTypes: string[];
  subjects: string[];
  attempt: number;
  copy: number;
  status?: number;
  error?: string;
  outcome: "delivered" | "retrying" | "failed" | "dropped";
  at: string;
}

interface Pending {
  events: EventGridEvent[];
  timer?: NodeJS.Timeout;
}

const MAX_LOG = 20_000;

export class EventDispatcher {
  enabled = true;
  readonly config: DeliveryConfig = { duplicate: 1, retryDelaysMs: [200, 1_000, 5_000, 10_000], maxAttempts: 8, batchWindowMs: 10, timeoutMs: 10_000, validateWebhooks: false, functionApps: {} };
  readonly deliveries: DeliveryRecord[] = [];
  private readonly pending = new Map<string, Pending>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;
  private readonly stop = new AbortController();
  emitted = 0;

  constructor(private readonly state: EstateState) {}

  /** Routes an event to every matching event subscription of its subscription's system topics. */
  publish(event: EventGridEvent): number {
    if (!this.enabled || this.closed) return 0;
    this.emitted++;
    let matched = 0;
    for (const key of this.state.eventSubscriptionIds) {
      const sub = this.state.resources.get(key);
      if (!sub || !this.matches(key, sub, event)) continue;
      matched++;
      let p = this.pending.get(key);
      if (!p) this.pending.set(key, (p = { events: [] }));
      p.events.push(event);
      p.timer ??= setTimeout(() => this.flush(key), this.config.batchWindowMs);
    }
    return matched;
  }

  private matches(key: string, sub: ArmResource, event: EventGridEvent): boolean {
    const topicId = key.slice(0, key.toLowerCase().lastIndexOf("/eventsubscriptions/"));
    const topic = this.state.resources.get(topicId);
    const tp = (topic?.properties ?? {}) as { source?: string; topicType?: string };
    const topicType = (tp.topicType ?? "").toLowerCase();
    const source = (tp.source ?? "").toLowerCase();
    const subject = event.subject.toLowerCase();
    // Each topic type publishes its own family: Resource Notifications events only reach ARN topics.
    const notification = event.eventType.toLowerCase().startsWith("microsoft.resourcenotifications.");
    if (topicType === "microsoft.resourcenotifications.resources") {
      if (!notification || event.topic.toLowerCase() !== source) return false;
    } else if (notification) return false;
    else if (topicType === "microsoft.resources.subscriptions") {
      if (event.topic.toLowerCase() !== source) return false;
    } else if (topicType === "microsoft.resources.resourcegroups") {
      if (!subject.startsWith(source + "/") && subject !== source) return false;
    } else return false;
    const props = (sub.properties ?? {}) as { provisioningState?: string; filter?: { includedEventTypes?: string[] | null; subjectBeginsWith?: string; subjectEndsWith?: string; isSubjectCaseSensitive?: boolean } };
    const f = props.filter ?? {};
    if (f.includedEventTypes && f.includedEventTypes.length > 0 && !f.includedEventTypes.some((t) => t.toLowerCase() === event.eventType.toLowerCase())) return false;
    const cs = f.isSubjectCaseSensitive === true;
    const subj = cs ? event.subject : subject;
    if (f.subjectBeginsWith && !subj.startsWith(cs ? f.subjectBeginsWith : f.subjectBeginsWith.toLowerCase())) return false;
    if (f.subjectEndsWith && !subj.endsWith(cs ? f.subjectEndsWith : f.subjectEndsWith.toLowerCase())) return false;
    return matchesAdvancedFilters((props.filter as { advancedFilters?: AdvancedFilter[] } | undefined)?.advancedFilters, event);
  }

  /** Where a subscription's destination delivers: a webhook's URL, or the registered host of an AzureFunction's app. */
  private endpointOf(dest: { endpointType?: string; properties?: Record<string, unknown> }): string | { error: string } | undefined {
    const p = dest.properties ?? {};
    if (dest.endpointType !== "AzureFunction") return typeof p.endpointUrl === "string" ? p.endpointUrl : undefined;
    const fn = parseFunctionId(String(p.resourceId ?? ""));
    const app = fn ? this.config.functionApps[fn.appId.toLowerCase()] : undefined;
    if (!fn || !app) return { error: `function app of '${String(p.resourceId)}' is not registered with the emulator (PUT /_emulator/events {functionApps})` };
    return `${app.url.replace(/\/+$/, "")}/runtime/webhooks/EventGrid?functionName=${encodeURIComponent(fn.name)}&code=${encodeURIComponent(app.code)}`;
  }

  private flush(key: string): void {
    const p = this.pending.get(key);
    this.pending.delete(key);
    if (!p || this.closed) return;
    const sub = this.state.resources.get(key);
    if (!sub) return;
    const props = (sub.properties ?? {}) as any;
    const dest = props.destination?.properties ?? {};
    const endpoint = this.endpointOf(props.destination ?? {});
    if (!endpoint) return;
    if (typeof endpoint !== "string") {
      const at = new Date().toISOString();
      for (const e of p.events) this.log({ eventSubscriptionId: sub.id, endpointUrl: String(dest.resourceId ?? ""), eventIds: [e.id], eventTypes: [e.eventType], subjects: [e.subject], attempt: 1, copy: 1, error: endpoint.error, outcome: "failed", at });
      return;
    }
    const endpointUrl = endpoint;
    const batchSize = Math.max(1, Math.min(5000, Number(dest.maxEventsPerBatch) || 1));
    const maxAttempts = Math.max(1, Math.min(this.config.maxAttempts, Number(props.retryPolicy?.maxDeliveryAttempts) || this.config.maxAttempts));
    const cloud = props.eventDeliverySchema === "CloudEventSchemaV1_0";
    const subName = sub.name;
    for (let i = 0; i < p.events.length; i += batchSize) {
      const batch = p.events.slice(i, i + batchSize);
      for (let copy = 1; copy <= Math.max(1, this.config.duplicate); copy++) {
        const run = this.deliver(sub.id, subName, endpointUrl, batch, cloud, maxAttempts, copy).finally(() => this.inFlight.delete(run));
        this.inFlight.add(run);
      }
    }
  }

  private async deliver(eventSubscriptionId: string, name: string, endpointUrl: string, batch: EventGridEvent[], cloud: boolean, maxAttempts: number, copy: number): Promise<void> {
    const body = cloud ? (batch.length === 1 ? toCloudEvent(batch[0]!) : batch.map(toCloudEvent)) : batch;
    const contentType = cloud ? (batch.length === 1 ? "application/cloudevents+json; charset=utf-8" : "application/cloudevents-batch+json; charset=utf-8") : "application/json; charset=utf-8";
    for (let attempt = 1; attempt <= maxAttempts && !this.closed; attempt++) {
      const rec: DeliveryRecord = {
        eventSubscriptionId, endpointUrl, copy, attempt, outcome: "delivered", at: new Date().toISOString(),
        eventIds: batch.map((e) => e.id), eventTypes: batch.map((e) => e.eventType), subjects: batch.map((e) => e.subject),
      };
      try {
        const res = await fetch(endpointUrl, {
          method: "POST",
          headers: {
            "content-type": contentType,
            "aeg-event-type": "Notification",
            "aeg-subscription-name": name.toUpperCase(),
            "aeg-delivery-count": String(attempt - 1),
            "aeg-data-version": batch[0]?.dataVersion ?? "2",
            "aeg-metadata-version": "1",
          },
          body: JSON.stringify(body),
          signal: AbortSignal.any([AbortSignal.timeout(this.config.timeoutMs), this.stop.signal]),
        });
        await res.arrayBuffer().catch(() => undefined);
        rec.status = res.status;
        if (res.status >= 200 && res.status < 300) return void this.log(rec);
        if (res.status === 400 || res.status === 413) {
          rec.outcome = "dropped";
          return void this.log(rec);
        }
      } catch (err) {
        rec.error = err instanceof Error ? err.message : String(err);
      }
      rec.outcome = attempt < maxAttempts ? "retrying" : "failed";
      this.log(rec);
      if (attempt < maxAttempts) {
        const delays = this.config.retryDelaysMs;
        await delay(delays[Math.min(attempt - 1, delays.length - 1)] ?? 1_000, undefined, { signal: this.stop.signal }).catch(() => undefined);
      }
    }
  }

  private log(rec: DeliveryRecord): void {
    this.deliveries.push(rec);
    if (this.deliveries.length > MAX_LOG) this.deliveries.splice(0, this.deliveries.length - MAX_LOG);
  }

  /** Resolves when nothing is queued or being delivered (retries included). */
  async idle(): Promise<void> {
    while (this.pending.size > 0 || this.inFlight.size > 0) {
      for (const key of [...this.pending.keys()]) {
        const p = this.pending.get(key);
        if (p?.timer) clearTimeout(p.timer);
        this.flush(key);
      }
      await Promise.allSettled([...this.inFlight]);
    }
  }

  close(): void {
    this.closed = true;
    this.stop.abort();
    for (const p of this.pending.values()) if (p.timer) clearTimeout(p.timer);
    this.pending.clear();
  }
}
