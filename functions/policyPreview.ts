import type { HttpRequest } from "@azure/functions";
import { APP_ROLES } from "./auth/appRoles";
import { protectedRoute } from "./auth/httpRoute";
import { parsePolicy } from "../shared/config/parsePolicy";
import { PolicyError } from "../shared/config/PolicyError";
import { previewPolicy, type PreviewBatch } from "../shared/preview/previewPolicy";
import { previewEvents } from "../shared/preview/previewEvents";
import { exemptionFromRecord } from "../shared/engine/exemptions/exemptionFromRecord";
import { evaluateBatch } from "../shared/sweep/evaluateBatch";
import { readFactsSnapshots } from "../orchestrations/sweep/factsSnapshot";
import { readBatchMemory } from "../orchestrations/sweep/readBatchMemory";
import { getPolicy, getStores } from "./deps";
import { HttpError } from "./http/HttpError";
import { jsonReply } from "./http/jsonReply";
import { getSweepDeps } from "./sweepDeps";

const YAML_TYPES = /^(application\/(x-)?yaml|text\/(x-)?yaml)\b/i;
const LOCK_SUFFIX = /\/providers\/Microsoft\.Authorization\/locks\/[^/]+$/i;
const MAX_BYTES = 1_000_000;
const DAY = 86_400_000;
/** Recorded events one preview replays at most (the newest are left out beyond it, and the reply says so). */
const MAX_EVENTS = 20_000;

/**
 * `POST /api/policy/preview[?days=N]` with a proposed guardrails.yaml (content-type
 * application/yaml): validated as start-up validates a policy (a bad one is a 400 naming line,
 * column and field), then the latest sweep's facts, with what ailz knows now, go through the
 * engine under the current and the proposed policy, and so do the resource events the event path
 * judged in the last N days (`events`; N defaults to the whole retention window). The reply is
 * the difference. Reads only: nothing is carried out, no finding or state changes (the only
 * Azure reads are locks the proposal needs).
 */
async function preview(request: HttpRequest) {
  const type = request.headers.get("content-type") ?? "";
  if (!YAML_TYPES.test(type)) throw new HttpError(415, "UnsupportedMediaType", `content-type: must be application/yaml (got ${type || "none"})`, "content-type");
  const text = await request.text();
  if (text.trim() === "") throw new HttpError(400, "InvalidRequest", "body: the proposed guardrails.yaml is required", "body");
  if (Buffer.byteLength(text) > MAX_BYTES) throw new HttpError(413, "TooLarge", `body: at most ${MAX_BYTES} bytes`, "body");
  let proposed;
  try {
    proposed = parsePolicy(text, "proposed.yaml", { env: process.env });
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    const first = e.issues[0]!;
    return jsonReply(400, {
      error: { code: "InvalidPolicy", message: e.issues.map((i) => `line ${i.line}, column ${i.col}: ${i.path ? `${i.path}: ` : ""}${i.message}`).join("; "), field: first.path || "body", line: first.line, column: first.col, details: e.issues },
    });
  }
  const stores = getStores();
  const retention = stores.eventRecords.retentionDays;
  const daysParam = request.query.get("days");
  const days = daysParam === null ? retention : Number(daysParam);
  if (!Number.isInteger(days) || days < 1 || days > retention) throw new HttpError(400, "InvalidRequest", `days: a whole number from 1 to ${retention} (the event retention window, AILZ_EVENT_RETENTION_DAYS)`, "days");
  const current = getPolicy();
  const now = new Date();
  const since = new Date(now.getTime() - days * DAY).toISOString();
  const [snap, recorded] = await Promise.all([readFactsSnapshots(stores.catalog), stores.eventRecords.since(since, MAX_EVENTS)]);
  const hasFacts = !!snap && snap.batches.length > 0;
  if (!hasFacts && recorded.records.length === 0) throw new HttpError(409, "NoFacts", "no sweep facts and no recorded events yet: run a sweep first (POST /api/sweeps?dryRun=true)");
  const reader = getSweepDeps().reader;
  const batches: PreviewBatch[] = [];
  for (const b of hasFacts ? snap.batches : []) {
    const memory = await readBatchMemory(stores, current, b.facts, b.costs.periodStart, now, { vcpusBySize: b.vcpusBySize, locks: b.locks });
    // Sandboxes the proposal would decommission whose locks the sweep had no reason to read: read them, as the sweep would.
    for (const policy of [current, proposed]) {
      const { needLocks } = evaluateBatch(policy, now, b.subscriptions, b.facts, b.costs, memory);
      for (const id of needLocks) memory.locks[id.toLowerCase()] ??= (await reader.locks(id)).map((l) => l.id.replace(LOCK_SUFFIX, ""));
    }
    batches.push({ subscriptions: b.subscriptions, facts: b.facts, costs: b.costs, memory });
  }
  const diff = previewPolicy(current, proposed, batches, now);
  const exemptions = (await stores.exemptions.list({ now: now.toISOString() })).map(exemptionFromRecord);
  const events = previewEvents(current, proposed, recorded.records, exemptions, now);
  return jsonReply(200, {
    facts: hasFacts ? { sweepId: snap.sweepId, collectedAt: snap.publishedAt, subscriptions: batches.reduce((n, b) => n + b.subscriptions.length, 0) } : null,
    evaluatedAt: now.toISOString(),
    ...diff,
    events: { since, days, recorded: recorded.records.length, truncated: recorded.truncated, ...events },
  });
}

protectedRoute("policyPreview", { route: "policy/preview", methods: ["POST"], access: APP_ROLES.reader, handler: preview });
