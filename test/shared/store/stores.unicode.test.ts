import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStores } from "../../../shared/store/createStores";
import { createMemoryStores } from "../../support/memory/createMemoryStores";
import type { Stores } from "../../../shared/store/ports";
import type { VendingRequestBase } from "../../../shared/store/records";
import { startAzurite, type AzuriteHandle } from "./startAzurite";
import { piece, shortText, sizedText } from "./unicodeText";

// Whatever text goes into a store comes out identical: random Unicode (astral characters, emoji
// sequences, combining marks, right-to-left text, JSON escapes, controls) in every field a store
// keeps, at sizes around each layout boundary of the document codec: one part, a part's limit
// (32,768 units; 65,536 UTF-8 bytes for 2-byte text), several parts, the entity limit (by Azure's
// accounting for ASCII, on the wire for escaped non-ASCII) and spill blobs. Fixed seeds keep the
// runs the same on every machine.

const RUNS = 8;
const SEED = 20250301;
const SUB = "00000000-0000-0000-0000-0000000000aa";
const AT = "2025-03-01T10:00:00.000Z";
const LATER = "2025-03-02T10:00:00.000Z";
const BIG = [0, 1, 40, 2_000, 32_766, 32_768, 32_770, 65_540, 140_000, 175_000, 420_000];

let azurite: AzuriteHandle | undefined;
let clockMs = Date.parse(AT);
let n = 0;
const unique = () => `${++n}`;
const big = sizedText(BIG);

beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

const variants: Array<[string, () => Stores]> = [
  ["table", () => createStores({ connectionString: azurite!.connectionString, tablePrefix: `u${randomUUID().slice(0, 8)}` }, { now: () => clockMs })],
  ["memory", () => createMemoryStores({ now: () => clockMs })],
];

describe.each(variants)("unicode round-trip (%s)", (_name, make) => {
  let s: Stores;
  beforeAll(() => {
    s = make();
  });
  const check = <T>(p: fc.IAsyncProperty<T>) => fc.assert(p, { seed: SEED, numRuns: RUNS });

  it("findings: guardrail, resource id, rule, reason, evidence and resolution", () =>
    check(
      fc.asyncProperty(shortText, shortText, shortText, big, big, async (guardrail, rg, rule, reason, text) => {
        const resourceId = `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/vm-${unique()}`;
        const key = { guardrail, resourceId, rule };
        const opened = await s.findings.upsertOpen({ ...key, reason, evidence: { text, [rg]: [reason, { rule }] } }, AT);
        expect(opened).toMatchObject({ ...key, reason, evidence: { text } });
        expect(await s.findings.get(key)).toEqual(opened);
        expect((await s.findings.list({ guardrail, resourceId })).items).toEqual([opened]);
        const resolved = await s.findings.resolve(key, LATER, text);
        expect(await s.findings.get(key)).toEqual(resolved);
      })
    ));

  it("audit: actor, action, resource id, reason, before/after and details; a re-append returns the stored entry", () =>
    check(
      fc.asyncProperty(shortText, shortText, shortText, big, big, async (actor, action, rg, reason, after) => {
        const resourceId = `/subscriptions/${SUB}/resourceGroups/${rg}/x/${unique()}`;
        const { record } = await s.audit.append({ actor, action, resourceId, reason, before: { rg }, after: { after }, details: { [actor]: reason }, at: AT });
        expect(record).toMatchObject({ actor, action, resourceId, reason, after: { after } });
        expect(await s.audit.query({ resourceId })).toEqual([record]);
        expect(await s.audit.append({ id: record.id, actor: "mallory", action: "tag", at: record.at })).toEqual({ record, appended: false });
      })
    ));

  it("exemptions: scope, guardrail, justification, ref and author", () =>
    check(
      fc.asyncProperty(shortText, shortText, big, shortText, async (guardrail, scopeName, justification, createdBy) => {
        const scope = `/subscriptions/${SUB}/resourceGroups/${scopeName}-${unique()}`;
        const x = { id: `x-${scopeName}-${n}`, scope, guardrail, expiresAt: "2030-01-01T00:00:00.000Z", justification: `${justification}.`, ref: scopeName, createdBy, createdAt: AT };
        expect(await s.exemptions.create(x)).toEqual(x);
        expect(await s.exemptions.get(x.id)).toEqual(x);
        expect(await s.exemptions.active(`${scope}/providers/Microsoft.Compute/virtualMachines/vm`, guardrail, LATER)).toEqual([x]);
      })
    ));

  it("documents (sandbox state, quota reclaims, catalog): id, status and any JSON text; list by status; update", () =>
    check(
      fc.asyncProperty(fc.constantFrom("sandboxState" as const, "quotaReclaims" as const, "catalog" as const), shortText, shortText, big, async (which, id, status, text) => {
        const store = s[which] as Stores["catalog"];
        const docId = `${id}-${unique()}`;
        const value = { status, text, nested: { [status]: [text, id] } };
        await store.put(docId, value);
        expect((await store.get(docId))?.value).toEqual(value);
        expect((await store.list({ status })).find((d) => d.id === docId)?.value).toEqual(value);
        const next = { ...value, text: id + text };
        await store.update(docId, () => next);
        expect((await store.get(docId))?.value).toEqual(next);
      })
    ));

  it("sandbox activity: sandbox id, author, resource and operation", () =>
    check(
      fc.asyncProperty(shortText, big, shortText, async (name, operation, by) => {
        const a = { sandboxId: `/subscriptions/${name}-${unique()}`, at: AT, by, resourceId: `/subscriptions/${SUB}/resourceGroups/${name}`, operation };
        expect(await s.sandboxActivity.record(a)).toBe(true);
        expect(await s.sandboxActivity.last(a.sandboxId)).toEqual(a);
      })
    ));

  it("quota samples: subscription, location and family come back as written", () =>
    check(
      fc.asyncProperty(shortText, shortText, shortText, fc.nat(1000), async (sub, location, family, usage) => {
        const sample = { subscriptionId: `${sub}-${unique()}`, location, family, at: AT, usage, limit: 2000 };
        await s.quotaSamples.record(sample);
        expect(await s.quotaSamples.samples(sample.subscriptionId, location, family, AT)).toEqual([sample]);
      })
    ));

  it("budget alerts: scope and period come back as written, and fire once", () =>
    check(
      fc.asyncProperty(shortText, fc.array(piece, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 200 }), async (scopeName, periodPieces, threshold) => {
        const scope = `/subscriptions/${scopeName}-${unique()}`;
        const period = periodPieces.join("");
        expect(await s.budgetAlerts.markFired(scope, period, threshold, "actual", AT)).toBe(true);
        expect(await s.budgetAlerts.markFired(scope, period, threshold, "actual", AT)).toBe(false);
        expect(await s.budgetAlerts.fired(scope, period)).toEqual([{ scope, period, threshold, kind: "actual", firedAt: AT }]);
      })
    ));

  it("vending requests: id, idempotency key, status and request body; by key, update and list", () =>
    check(
      fc.asyncProperty(shortText, shortText, shortText, big, async (id, key, status, text) => {
        const request = { id: `${id}-${unique()}`, idempotencyKey: `${key}-${n}`, status, text } as VendingRequestBase;
        expect((await s.vendingRequests.create(request)).created).toBe(true);
        expect((await s.vendingRequests.get(request.id))?.value).toEqual(request);
        expect((await s.vendingRequests.getByIdempotencyKey(request.idempotencyKey))?.value).toEqual(request);
        const next = await s.vendingRequests.update(request.id, (cur) => ({ ...cur, note: key + text }));
        expect((await s.vendingRequests.get(request.id))?.value).toEqual(next.value);
        expect((await s.vendingRequests.list({ status })).find((r) => r.id === request.id)).toEqual(next.value);
      })
    ));

  it("ipam: the request id of an allocation", () =>
    check(
      fc.asyncProperty(shortText, async (id) => {
        const k = Number(unique());
        const pool = `10.${Math.floor(k / 250) % 250}.${k % 250}.0/24`;
        const requestId = `${id}-${k}`;
        const a = await s.ipam.allocate(pool, 28, requestId, AT);
        expect(a.requestId).toBe(requestId);
        expect(await s.ipam.allocations(pool)).toEqual([a]);
        expect(await s.ipam.release(requestId)).toEqual([a]);
      })
    ));

  it("dead letters: source, reason and payload", () =>
    check(
      fc.asyncProperty(shortText, big, big, async (source, reason, text) => {
        const at = new Date(Date.parse(AT) + Number(unique()) * 1000).toISOString();
        const dl = await s.deadLetters.put({ source, reason: `${reason}!`, payload: { text, [source]: reason }, at });
        expect((await s.deadLetters.list({ since: at })).find((d) => d.id === dl.id)).toEqual(dl);
      })
    ));

  it("processed events: ids that differ only in Unicode are different events", () =>
    check(
      fc.asyncProperty(shortText, async (id) => {
        const a = `${id}|${unique()}`;
        const b = a.normalize("NFD") === a ? `${a}\u0301` : a.normalize("NFD");
        expect(await s.processedEvents.seenOrRecord(a, 60_000)).toBe(false);
        expect(await s.processedEvents.seenOrRecord(a, 60_000)).toBe(true);
        expect(await s.processedEvents.seenOrRecord(b, 60_000)).toBe(false);
      })
    ));

  it("reports: json, markdown and html", () =>
    check(
      fc.asyncProperty(big, shortText, async (md, title) => {
        const date = new Date(Date.UTC(2030, 0, 1) + Number(unique()) * 86_400_000).toISOString().slice(0, 10);
        const html = `<h1>${title}</h1>${md}`;
        await s.reports.put(date, { json: { title, md }, md, html });
        expect(await s.reports.get(date, "md")).toBe(md);
        expect(await s.reports.get(date, "html")).toBe(html);
        expect(JSON.parse((await s.reports.get(date, "json"))!)).toEqual({ title, md });
      })
    ));
});
