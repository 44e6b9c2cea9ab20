import { BlockList } from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStores } from "../../../shared/store/createStores";
import { createMemoryStores } from "../../support/memory/createMemoryStores";
import { IpamExhaustedError, StoreConflictError } from "../../../shared/store/errors";
import type { Stores } from "../../../shared/store/ports";
import { startAzurite, type AzuriteHandle } from "./startAzurite";

// One contract, two adapters: everything here must hold for Table Storage (real Azurite) and for
// the in-memory stores other suites use.

let clockMs = Date.parse("2025-03-01T00:00:00Z");
const now = () => clockMs;
let azurite: AzuriteHandle | undefined;

const variants: Array<[string, () => Promise<Stores>]> = [
  ["table", async () => createStores({ connectionString: azurite!.connectionString, tablePrefix: `c${randomUUID().slice(0, 8)}` }, { now })],
  ["memory", async () => createMemoryStores({ now })],
];

beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

const SUB = "00000000-0000-0000-0000-000000000001";
const SUB2 = "00000000-0000-0000-0000-000000000002";
const vmId = (sub: string, name: string) => `/subscriptions/${sub}/resourceGroups/rg-a/providers/Microsoft.Compute/virtualMachines/${name}`;

describe.each(variants)("stores (%s)", (_name, make) => {
  let s: Stores;
  beforeAll(async () => {
    s = await make();
  });

  it("processed events: duplicates are seen, expiry lets the id through again, purge removes expired ids", async () => {
    const id = `evt/${randomUUID()}#?\\`;
    expect(await s.processedEvents.seenOrRecord(id, 60_000)).toBe(false);
    expect(await s.processedEvents.seenOrRecord(id, 60_000)).toBe(true);
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => s.processedEvents.seenOrRecord(`${id}-c`, 60_000)));
    expect(concurrent.filter((seen) => !seen)).toHaveLength(1);
    clockMs += 61_000;
    expect(await s.processedEvents.seenOrRecord(id, 60_000)).toBe(false);
    expect(await s.processedEvents.seenOrRecord(id, 60_000)).toBe(true);
    clockMs += 61_000;
    expect(await s.processedEvents.purgeExpired()).toBeGreaterThanOrEqual(2);
    expect(await s.processedEvents.seenOrRecord(`${id}-c`, 60_000)).toBe(false);
    await s.processedEvents.forget(`${id}-c`);
    expect(await s.processedEvents.seenOrRecord(`${id}-c`, 60_000)).toBe(false);
  });

  it("processed events: a delivery's ids asked together (new, already recorded, repeated, forgotten) answer as one by one", async () => {
    const base = `delivery/${randomUUID()}`;
    const old = Array.from({ length: 5 }, (_, i) => `${base}-old-${i}`);
    for (const id of old) expect(await s.processedEvents.seenOrRecord(id, 60_000)).toBe(false);
    await s.processedEvents.forget(old[0]!);
    const fresh = Array.from({ length: 60 }, (_, i) => `${base}-new-${i}`);
    const asked = [...fresh, ...old, fresh[3]!, fresh[3]!, old[1]!];
    const answers = await Promise.all(asked.map((id) => s.processedEvents.seenOrRecord(id, 60_000)));
    expect(answers.slice(0, 60)).toEqual(fresh.map(() => false));
    expect(answers.slice(60, 65)).toEqual([false, true, true, true, true]);
    expect(answers.slice(65)).toEqual([true, true, true]);
    // Every new id is recorded: asked again (together), all are seen.
    expect(await Promise.all(fresh.map((id) => s.processedEvents.seenOrRecord(id, 60_000)))).toEqual(fresh.map(() => true));
  });

  it("change claims: the first family holds a key until it expires, also against concurrent claimants", async () => {
    const key = `/subscriptions/${SUB}/x|write|a${randomUUID()}`;
    expect(await s.changeClaims.claim(key, "resources", 60_000)).toBe("resources");
    expect(await s.changeClaims.claim(key, "resourceNotifications", 60_000)).toBe("resources");
    expect(await s.changeClaims.claim(key, "resources", 60_000)).toBe("resources");
    const concurrent = await Promise.all(Array.from({ length: 6 }, (_, i) => s.changeClaims.claim(`${key}-c`, i % 2 ? "resources" : "resourceNotifications", 60_000)));
    expect(new Set(concurrent).size).toBe(1);
    clockMs += 61_000;
    expect(await s.changeClaims.claim(key, "resourceNotifications", 60_000)).toBe("resourceNotifications");
  });

  it("findings: openOn answers each resource's open findings, also when many resources of several subscriptions ask at once", async () => {
    const g = `openOn-${randomUUID().slice(0, 8)}`;
    const ids = Array.from({ length: 30 }, (_, i) => vmId(i % 2 ? SUB : SUB2, `${g}-vm${i}`));
    for (const [i, id] of ids.entries()) {
      if (i % 3 === 0) continue;
      await s.findings.upsertOpen({ guardrail: g, resourceId: id, reason: "r" }, "2025-03-01T00:00:00Z");
      if (i % 3 === 2) await s.findings.upsertOpen({ guardrail: g, resourceId: id, rule: "second", reason: "r2" }, "2025-03-01T00:00:00Z");
    }
    await s.findings.resolve({ guardrail: g, resourceId: ids[4]! }, "2025-03-02T00:00:00Z", "fixed");
    const open = await Promise.all(ids.map((id) => s.findings.openOn(id.toUpperCase())));
    const expected = ids.map((_, i) => (i % 3 === 0 ? 0 : i === 4 ? 0 : i % 3 === 2 ? 2 : 1));
    expect(open.map((o) => o.length)).toEqual(expected);
    for (const [i, o] of open.entries()) for (const f of o) expect(f.resourceId.toLowerCase()).toBe(ids[i]!.toLowerCase());
  });

  it("findings: a write handed the record openOn read is still right when the row changed since (the stale copy is re-read)", async () => {
    const g = `known-${randomUUID().slice(0, 8)}`;
    const id = vmId(SUB, `${g}-vm`);
    await s.findings.upsertOpen({ guardrail: g, resourceId: id, reason: "first" }, "2025-03-01T00:00:00Z");
    const [read] = await s.findings.openOn(id);
    // Current: refreshed in place, firstSeenAt kept.
    const refreshed = await s.findings.upsertOpen({ guardrail: g, resourceId: id, reason: "again" }, "2025-03-02T00:00:00Z", read);
    expect(refreshed).toMatchObject({ status: "open", firstSeenAt: "2025-03-01T00:00:00Z", lastSeenAt: "2025-03-02T00:00:00Z", reason: "again" });
    // Stale: resolved by another writer since `read`; the write must see that and reopen it.
    await s.findings.resolve({ guardrail: g, resourceId: id }, "2025-03-03T00:00:00Z", "fixed");
    const reopened = await s.findings.upsertOpen({ guardrail: g, resourceId: id, reason: "back" }, "2025-03-04T00:00:00Z", read);
    expect(reopened).toMatchObject({ status: "open", firstSeenAt: "2025-03-04T00:00:00Z", reason: "back" });
    const [again] = await s.findings.openOn(id);
    expect(await s.findings.resolve(again!, "2025-03-05T00:00:00Z", "fixed again")).toMatchObject({ status: "resolved", resolution: "fixed again" });
    // Resolving with a stale copy of a row that is resolved already changes nothing.
    expect(await s.findings.resolve(again!, "2025-03-06T00:00:00Z", "twice")).toBeUndefined();
    expect((await s.findings.get({ guardrail: g, resourceId: id }))?.resolution).toBe("fixed again");
  });

  it("audit: append-only, queries by resource and since, newest first, a re-append never overwrites", async () => {
    const rid = vmId(SUB, `vm-${randomUUID()}`);
    const t0 = Date.parse("2025-03-10T10:00:00Z");
    for (let i = 0; i < 4; i++) {
      await s.audit.append({ actor: "alice@contoso.com", action: "flag", resourceId: rid, reason: `r${i}`, at: new Date(t0 + i * 86_400_000).toISOString() });
    }
    await s.audit.append({ actor: "ailz", action: "flag", resourceId: vmId(SUB, "other"), reason: "x", at: new Date(t0 + 1000).toISOString() });
    const all = await s.audit.query({ resourceId: rid.toUpperCase() });
    expect(all.map((e) => e.reason)).toEqual(["r3", "r2", "r1", "r0"]);
    const since = await s.audit.query({ resourceId: rid, since: new Date(t0 + 2 * 86_400_000).toISOString() });
    expect(since.map((e) => e.reason)).toEqual(["r3", "r2"]);
    const window = await s.audit.query({ since: new Date(t0).toISOString(), until: new Date(t0 + 86_400_000).toISOString() });
    expect(window.map((e) => e.reason)).toEqual(["r1", "x", "r0"]);

    const first = await s.audit.append({ id: "fixed-id", actor: "ailz", action: "tag", reason: "original", at: new Date(t0).toISOString() });
    const again = await s.audit.append({ id: "fixed-id", actor: "mallory", action: "tag", reason: "rewritten", at: new Date(t0).toISOString() });
    expect(first.appended).toBe(true);
    expect(again.appended).toBe(false);
    expect(again.record.reason).toBe("original");
    const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(s.audit)).filter((m) => m !== "constructor");
    expect(methods.sort()).toEqual(["append", "query"]);
  });

  it("findings: upsert keeps firstSeenAt, filters by guardrail/subscription/status, resolve and reopen, paging", async () => {
    const g = `shadowAi-${randomUUID().slice(0, 6)}`;
    const a = vmId(SUB, "gpu-a");
    const b = vmId(SUB2, "gpu-b");
    await s.findings.upsertOpen({ guardrail: g, resourceId: a, reason: "hand-made GPU VM" }, "2025-03-01T00:00:00Z");
    const again = await s.findings.upsertOpen({ guardrail: g, resourceId: a, reason: "hand-made GPU VM" }, "2025-03-02T00:00:00Z");
    expect(again.firstSeenAt).toBe("2025-03-01T00:00:00Z");
    expect(again.lastSeenAt).toBe("2025-03-02T00:00:00Z");
    expect(again.subscriptionId).toBe(SUB);
    await s.findings.upsertOpen({ guardrail: g, resourceId: b, reason: "x" }, "2025-03-01T00:00:00Z");
    await s.findings.upsertOpen({ guardrail: g, resourceId: b, rule: "publicNetwork", reason: "y" }, "2025-03-01T00:00:00Z");
    await s.findings.upsertOpen({ guardrail: `${g}-other`, resourceId: a, reason: "z" }, "2025-03-01T00:00:00Z");

    expect((await s.findings.list({ guardrail: g })).items).toHaveLength(3);
    expect((await s.findings.list({ guardrail: g, subscriptionId: SUB2 })).items).toHaveLength(2);
    const resolved = await s.findings.resolve({ guardrail: g, resourceId: b }, "2025-03-03T00:00:00Z", "fixed");
    expect(resolved?.status).toBe("resolved");
    expect(await s.findings.resolve({ guardrail: g, resourceId: b }, "2025-03-03T00:00:00Z", "fixed")).toBeUndefined();
    expect((await s.findings.list({ guardrail: g, status: "open" })).items.map((f) => f.rule).sort()).toEqual(["", "publicNetwork"]);
    expect((await s.findings.list({ guardrail: g, status: "resolved", subscriptionId: SUB2 })).items).toHaveLength(1);
    const reopened = await s.findings.upsertOpen({ guardrail: g, resourceId: b, reason: "x again" }, "2025-03-05T00:00:00Z");
    expect(reopened).toMatchObject({ status: "open", firstSeenAt: "2025-03-05T00:00:00Z" });
    expect(reopened.resolvedAt).toBeUndefined();

    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await s.findings.list({ guardrail: g, pageSize: 2, continuationToken: token });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((f) => `${f.resourceId}|${f.rule}`));
      token = page.continuationToken;
    } while (token);
    expect(new Set(seen).size).toBe(3);
  });

  it("exemptions: ancestor scopes and '*' apply, expired ones stop applying, delete", async () => {
    const rg = `/subscriptions/${SUB}/resourceGroups/rg-exempt-${randomUUID().slice(0, 6)}`;
    const vm = `${rg}/providers/Microsoft.Compute/virtualMachines/vm1`;
    const base = { justification: "pilot", createdBy: "bob", createdAt: "2025-03-01T00:00:00Z" };
    await s.exemptions.create({ ...base, id: `x1-${rg}`, scope: rg.toUpperCase(), guardrail: "shadowAi", expiresAt: "2025-04-01T00:00:00Z" });
    await s.exemptions.create({ ...base, id: `x2-${rg}`, scope: vm, guardrail: "*", expiresAt: "2025-03-15T00:00:00Z" });
    await s.exemptions.create({ ...base, id: `x3-${rg}`, scope: `${rg}-sibling`, guardrail: "shadowAi", expiresAt: "2025-04-01T00:00:00Z" });
    await expect(s.exemptions.create({ ...base, id: `x1-${rg}`, scope: rg, guardrail: "shadowAi", expiresAt: "2025-04-01T00:00:00Z" })).rejects.toBeInstanceOf(StoreConflictError);

    expect((await s.exemptions.active(vm, "shadowAi", "2025-03-10T00:00:00Z")).map((x) => x.id).sort()).toEqual([`x1-${rg}`, `x2-${rg}`]);
    expect((await s.exemptions.active(vm, "requiredTags", "2025-03-10T00:00:00Z")).map((x) => x.id)).toEqual([`x2-${rg}`]);
    expect((await s.exemptions.active([vm], "shadowAi", "2025-03-20T00:00:00Z")).map((x) => x.id)).toEqual([`x1-${rg}`]);
    expect(await s.exemptions.active(vm, "shadowAi", "2025-04-02T00:00:00Z")).toEqual([]);
    expect(await s.exemptions.get(`x2-${rg}`)).toMatchObject({ scope: vm });
    expect(await s.exemptions.delete(`x1-${rg}`)).toBe(true);
    expect(await s.exemptions.delete(`x1-${rg}`)).toBe(false);
    expect((await s.exemptions.active(vm, "shadowAi", "2025-03-10T00:00:00Z")).map((x) => x.id)).toEqual([`x2-${rg}`]);
  });

  it("ipam: 20 concurrent allocations on one pool never overlap; idempotent per request; release and reuse; exhaustion", async () => {
    const pool = "10.64.0.0/16";
    const ids = Array.from({ length: 20 }, (_, i) => `req-${i}-${randomUUID().slice(0, 4)}`);
    const got = await Promise.all(ids.map((id, i) => s.ipam.allocate(pool, i % 3 === 0 ? 22 : 24, id)));
    assertDisjointInside(pool, got.map((a) => a.cidr));
    expect(new Set(got.map((a) => a.requestId)).size).toBe(20);
    expect(await s.ipam.allocations(pool)).toHaveLength(20);

    const again = await s.ipam.allocate(pool, 24, ids[1]);
    expect(again.cidr).toBe(got[1].cidr);
    const freed = await s.ipam.release(ids[1]);
    expect(freed.map((a) => a.cidr)).toEqual([got[1].cidr]);
    expect(await s.ipam.release(ids[1])).toEqual([]);
    const reused = await s.ipam.allocate(pool, 24, "req-new");
    expect(reused.cidr).toBe(got[1].cidr);
    assertDisjointInside(pool, (await s.ipam.allocations(pool)).map((a) => a.cidr));

    const small = "192.168.8.0/28";
    const four = await Promise.all([0, 1, 2, 3].map((i) => s.ipam.allocate(small, 30, `small-${i}`)));
    assertDisjointInside(small, four.map((a) => a.cidr));
    await expect(s.ipam.allocate(small, 30, "small-5")).rejects.toBeInstanceOf(IpamExhaustedError);
    await expect(s.ipam.allocate(small, 24, "too-big")).rejects.toThrow(/does not fit/);
  });

  it("budget alerts: a threshold fires once per period, even under concurrency", async () => {
    const scope = `/subscriptions/${SUB}/${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 20 }, () => s.budgetAlerts.markFired(scope, "2025-03", 75, "actual")));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await s.budgetAlerts.markFired(scope, "2025-03", 75, "forecasted")).toBe(true);
    expect(await s.budgetAlerts.markFired(scope, "2025-04", 75, "actual")).toBe(true);
    expect((await s.budgetAlerts.fired(scope, "2025-03")).map((f) => `${f.kind}${f.threshold}`).sort()).toEqual(["actual75", "forecasted75"]);
  });

  it("vending requests: one request per idempotency key under concurrency; ETag-guarded transitions", async () => {
    const key = `key-${randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => s.vendingRequests.create({ id: `${key}-r${i}`, idempotencyKey: key, status: "Submitted" })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const winner = results.find((r) => r.created)!.request.value.id;
    expect(new Set(results.map((r) => r.request.value.id))).toEqual(new Set([winner]));
    expect((await s.vendingRequests.getByIdempotencyKey(key))?.value.id).toBe(winner);

    const v = (await s.vendingRequests.get(winner))!;
    await s.vendingRequests.replace({ ...v.value, status: "Approved" }, v.etag);
    await expect(s.vendingRequests.replace({ ...v.value, status: "Rejected" }, v.etag)).rejects.toBeInstanceOf(StoreConflictError);
    await Promise.all(
      ["a", "b", "c"].map((step) =>
        s.vendingRequests.update(winner, (cur) => ({ ...cur, steps: [...((cur as { steps?: string[] }).steps ?? []), step] })),
      ),
    );
    const final = (await s.vendingRequests.get(winner))!.value as unknown as { status: string; steps: string[] };
    expect(final.status).toBe("Approved");
    expect(final.steps.sort()).toEqual(["a", "b", "c"]);
    expect((await s.vendingRequests.list({ status: "Approved" })).map((r) => r.id)).toContain(winner);
  });

  it("sandbox activity: only newer activity is kept, also when racing", async () => {
    const sb = `/subscriptions/${randomUUID()}`;
    const times = Array.from({ length: 12 }, (_, i) => new Date(Date.parse("2025-03-01T00:00:00Z") + i * 60_000).toISOString());
    await Promise.all([...times].reverse().map((at, i) => s.sandboxActivity.record({ sandboxId: sb, at, by: `u${i}` })));
    expect((await s.sandboxActivity.last(sb.toUpperCase()))?.at).toBe(times[11]);
    expect(await s.sandboxActivity.record({ sandboxId: sb, at: times[3], by: "late" })).toBe(false);
    expect(await s.sandboxActivity.record({ sandboxId: sb, at: "2025-03-02T00:00:00.000Z", by: "new" })).toBe(true);
    expect((await s.sandboxActivity.last(sb))?.by).toBe("new");
  });

  it("quota samples: one per hour (re-sampling overwrites), peak over a window", async () => {
    const sub = randomUUID();
    const base = Date.parse("2025-02-01T00:00:00Z");
    for (let h = 0; h < 48; h++) {
      await s.quotaSamples.record({ subscriptionId: sub, location: "swedencentral", family: "standardNCADSA100v4Family", at: new Date(base + h * 3_600_000 + 1234).toISOString(), usage: h === 5 ? 96 : h % 7, limit: h < 40 ? 192 : 96 });
    }
    await s.quotaSamples.record({ subscriptionId: sub, location: "swedencentral", family: "standardNCADSA100v4Family", at: new Date(base + 47 * 3_600_000).toISOString(), usage: 8, limit: 96 });
    const all = await s.quotaSamples.peak(sub, "SwedenCentral", "standardNCADSA100v4Family", new Date(base).toISOString());
    expect(all).toMatchObject({ peakUsage: 96, limit: 96, samples: 48, firstSampleAt: "2025-02-01T00:00:00.000Z" });
    const late = await s.quotaSamples.peak(sub, "swedencentral", "standardNCADSA100v4Family", new Date(base + 24 * 3_600_000).toISOString());
    expect(late).toMatchObject({ peakUsage: 8, samples: 24 });
  });

  it("documents: create conflicts, replace needs the current ETag, list by status", async () => {
    const id = `/subscriptions/${randomUUID()}/resourceGroups/sandbox-rg`;
    const c = await s.sandboxState.create(id, { status: "Active", since: "2025-03-01" });
    await expect(s.sandboxState.create(id, { status: "Active" })).rejects.toBeInstanceOf(StoreConflictError);
    const r = await s.sandboxState.replace(id, { status: "Flagged", since: "2025-03-15" }, c.etag);
    await expect(s.sandboxState.replace(id, { status: "Decommissioned" }, c.etag)).rejects.toBeInstanceOf(StoreConflictError);
    expect((await s.sandboxState.get(id))?.etag).toBe(r.etag);
    expect((await s.sandboxState.list({ status: "Flagged" })).map((d) => d.id)).toContain(id);
    expect((await s.sandboxState.list({ status: "Active" })).map((d) => d.id)).not.toContain(id);
    await s.quotaReclaims.update("rc1", (cur) => (cur ? undefined : { status: "Notified" }));
    expect((await s.quotaReclaims.get("rc1"))?.value.status).toBe("Notified");
    expect(await s.sandboxState.delete(id)).toBe(true);
    expect(await s.sandboxState.get(id)).toBeUndefined();
  });

  it("large documents: 100 KB evidence (chunked) and a 1.5 MB dead letter (spilled) round-trip", async () => {
    const big = "é".repeat(50_000) + "x".repeat(50_000);
    const rid = vmId(SUB, `big-${randomUUID().slice(0, 6)}`);
    await s.findings.upsertOpen({ guardrail: "hardening", resourceId: rid, reason: "big", evidence: { big } }, "2025-03-01T00:00:00Z");
    expect((await s.findings.get({ guardrail: "hardening", resourceId: rid }))?.evidence.big).toBe(big);
    const payload = { events: Array.from({ length: 1500 }, (_, i) => ({ i, blob: "y".repeat(1000) })) };
    const dl = await s.deadLetters.put({ source: "resourceEvents", reason: "not an event", payload });
    const listed = await s.deadLetters.list({ since: dl.at });
    expect(listed.find((d) => d.id === dl.id)?.payload).toEqual(payload);
    await s.catalog.put("huge", { status: "x", notes: "z".repeat(200_000) });
    expect(((await s.catalog.get("huge"))?.value.notes as string).length).toBe(200_000);
  });

  it("event records: one per event id (the first one stored wins; forgotten, it can be stored again), oldest first since a time, the newest days within a limit, dropped after the window", async () => {
    const run = randomUUID().slice(0, 8);
    const day = 86_400_000;
    const at = (daysAgo: number) => new Date(clockMs - daysAgo * day).toISOString();
    const mine = (xs: Array<{ id: string }>) => xs.filter((r) => r.id.startsWith(run)).map((r) => r.id);
    expect(s.eventRecords.retentionDays).toBe(14);
    expect(await s.eventRecords.recordFirst({ id: `${run}/old`, at: at(20), payload: { n: 0 } })).toBe(true);
    expect(await s.eventRecords.recordFirst({ id: `${run}/b`, at: at(2), payload: { n: 1 } })).toBe(true);
    expect(await s.eventRecords.recordFirst({ id: `${run}/a#?`, at: at(1), payload: { n: 2, text: "é🙂" } })).toBe(true);
    expect(await s.eventRecords.recordFirst({ id: `${run}/b`, at: at(2), payload: { n: 11 } })).toBe(false);
    // Asked together (one delivery): one transaction; the one already kept answers false, the rest true, once each.
    const together = await Promise.all([`${run}/c`, `${run}/b`, `${run}/d`, `${run}/c`].map((id, i) => s.eventRecords.recordFirst({ id, at: at(2), payload: { n: 20 + i } })));
    expect(together.filter(Boolean)).toHaveLength(2);
    expect(together[1]).toBe(false);
    await s.eventRecords.forget({ id: `${run}/c`, at: at(2) });
    await s.eventRecords.forget({ id: `${run}/d`, at: at(2) });
    expect(await s.eventRecords.recordFirst({ id: `${run}/d`, at: at(2), payload: { n: 30 } })).toBe(true);
    await s.eventRecords.forget({ id: `${run}/d`, at: at(2) });
    const window = await s.eventRecords.since(at(3), 100);
    expect(mine(window.records)).toEqual([`${run}/b`, `${run}/a#?`]);
    expect(window.records.filter((r) => r.id.startsWith(run)).map((r) => r.payload)).toEqual([{ n: 1 }, { n: 2, text: "é🙂" }]);
    expect(window.truncated).toBe(false);
    const limited = await s.eventRecords.since(at(30), 1);
    expect(limited).toMatchObject({ truncated: true });
    expect(mine(limited.records)).toEqual([`${run}/a#?`]);
    expect(await s.eventRecords.purgeExpired()).toBeGreaterThanOrEqual(1);
    expect(mine((await s.eventRecords.since(at(30), 100)).records)).toEqual([`${run}/b`, `${run}/a#?`]);
  });

  it("reports: per-date json/md/html and a latest that only moves forward", async () => {
    await s.reports.put("2025-03-02", { json: { flagged: 2 }, md: "# 2 March", html: "<h1>2 March</h1>" });
    await s.reports.put("2025-03-03", { json: { flagged: 3 }, md: "# 3 March", html: "<h1>3 March</h1>" });
    await s.reports.put("2025-03-01", { json: { flagged: 1 }, md: "# 1 March", html: "<h1>1 March</h1>" });
    expect(await s.reports.latestDate()).toBe("2025-03-03");
    expect(JSON.parse((await s.reports.get("2025-03-02", "json"))!)).toEqual({ flagged: 2 });
    expect(await s.reports.get("2025-03-01", "md")).toBe("# 1 March");
    expect(await s.reports.get("2025-02-01", "html")).toBeUndefined();
    expect(await s.reports.dates()).toEqual(["2025-03-01", "2025-03-02", "2025-03-03"]);
    await expect(s.reports.put("03/03/2025", { json: {}, md: "", html: "" })).rejects.toThrow(/YYYY-MM-DD/);
  });
});

/** Independent of the store's own CIDR code: node's BlockList checks containment and disjointness. */
function assertDisjointInside(pool: string, cidrs: string[]): void {
  const [poolNet, poolLen] = pool.split("/");
  const poolList = new BlockList();
  poolList.addSubnet(poolNet, Number(poolLen));
  const ranges = cidrs.map((c) => {
    const [net, len] = c.split("/");
    const first = ipToInt(net);
    const last = first + 2 ** (32 - Number(len)) - 1;
    expect(poolList.check(net), `${c} starts inside ${pool}`).toBe(true);
    expect(poolList.check(intToIp(last)), `${c} ends inside ${pool}`).toBe(true);
    return { c, first, last };
  });
  for (const a of ranges) {
    const list = new BlockList();
    list.addSubnet(a.c.split("/")[0], Number(a.c.split("/")[1]));
    for (const b of ranges) {
      if (a === b) continue;
      expect(list.check(intToIp(b.first)) || list.check(intToIp(b.last)), `${a.c} overlaps ${b.c}`).toBe(false);
    }
  }
}
const ipToInt = (ip: string) => ip.split(".").reduce((n, o) => n * 256 + Number(o), 0);
const intToIp = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
