import { TableClient } from "@azure/data-tables";
import { BlobServiceClient, type ContainerClient } from "@azure/storage-blob";
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStores } from "../../../shared/store/createStores";
import { StoreConflictError, StoreLimitError } from "../../../shared/store/errors";
import { encodeKey } from "../../../shared/store/keys";
import type { Stores } from "../../../shared/store/ports";
import { fitText } from "../../../shared/store/table/fitText";
import { PROPERTY_LIMIT } from "../../../shared/store/table/tableLimits";
import { isWellFormed, wellFormed } from "../../../shared/store/table/wellFormed";
import { startAzurite, type AzuriteHandle } from "./startAzurite";
import { piece, shortText } from "./unicodeText";

// The table adapters' document layout as stored: where parts are cut, when a document spills, what
// is refused, and that a failed write leaves no spill blob behind. Reads raw entities and blobs
// beside the stores, so it runs on Azurite only.

const SUB = "00000000-0000-0000-0000-0000000000bb";
const AT = "2025-03-01T10:00:00.000Z";
const SEED = 20250301;

let azurite: AzuriteHandle;
let s: Stores;
let prefix: string;
let spill: ContainerClient;
const raw = (table: string) => TableClient.fromConnectionString(azurite.connectionString, prefix + table, { allowInsecureConnection: true });

beforeAll(async () => {
  azurite = await startAzurite();
  prefix = `d${randomUUID().slice(0, 8)}`;
  s = createStores({ connectionString: azurite.connectionString, tablePrefix: prefix }, { now: () => Date.parse(AT) });
  spill = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(`${prefix.toLowerCase()}ailz-spill`);
});
afterAll(async () => {
  await azurite?.stop();
});

async function blobs(under: string): Promise<string[]> {
  if (!(await spill.exists())) return [];
  const out: string[] = [];
  for await (const b of spill.listBlobsFlat({ prefix: under })) out.push(b.name);
  return out.sort();
}

type Layout = { parts: string[] } | { blob: string };

/** The stored layout of a catalog document, checked against the codec's rules on the way. */
async function catalogLayout(id: string, json: string): Promise<Layout> {
  const e = await raw("Catalog").getEntity<Record<string, unknown>>("doc", encodeKey(id));
  if (typeof e.DocBlob === "string") {
    expect(e.Doc ?? e.DocParts).toBeUndefined();
    expect((await spill.getBlockBlobClient(e.DocBlob).downloadToBuffer()).toString("utf8")).toBe(json);
    return { blob: e.DocBlob };
  }
  const parts = typeof e.Doc === "string" ? [e.Doc] : Array.from({ length: Number(e.DocParts) }, (_, i) => String(e[`Doc${i}`]));
  expect(parts.join("")).toBe(json);
  parts.forEach((p, i) => {
    expect(p.length).toBeLessThanOrEqual(PROPERTY_LIMIT.units);
    expect(Buffer.byteLength(p)).toBeLessThanOrEqual(PROPERTY_LIMIT.bytes);
    expect(isWellFormed(p)).toBe(true);
    // Each part but the last is as long as the limits allow: parts are cut by size, never early.
    if (i < parts.length - 1) expect(fitText(p + parts[i + 1], 0, PROPERTY_LIMIT)).toBe(p.length);
  });
  return { parts };
}

/** A `{status, text}` document whose JSON is exactly `units` long: random `head`, then `filler` (no JSON escapes), then "a". */
function docOfJsonUnits(head: string, status: string, filler: string, units: number) {
  const overhead = JSON.stringify({ status, text: head }).length;
  const k = Math.max(0, Math.floor((units - overhead) / filler.length));
  const text = head + filler.repeat(k) + "a".repeat(Math.max(0, units - overhead - k * filler.length));
  const value = { status, text };
  expect(JSON.stringify(value)).toHaveLength(units);
  return value;
}

describe("table documents: layout at each boundary", () => {
  it("cuts parts by UTF-8 bytes where they bind first: 21,837 € are one part, one more is two", async () => {
    // {"status":"s","text":"…"} is 24 ASCII characters around the text.
    for (const [k, parts] of [[21_837, 1], [21_838, 2]] as const) {
      const value = { status: "s", text: "€".repeat(k) };
      const layout = await writeCatalog(value);
      expect("parts" in layout && layout.parts.length).toBe(parts);
      if (parts === 1) expect(Buffer.byteLength(JSON.stringify(value))).toBe(65_535);
    }
  });

  it("and by UTF-16 units where they bind first: 32,744 é are one part of 32,768 units, one more is two", async () => {
    for (const [k, parts] of [[32_744, 1], [32_745, 2]] as const) {
      const layout = await writeCatalog({ status: "s", text: "é".repeat(k) });
      expect("parts" in layout && layout.parts.length).toBe(parts);
    }
    // The pair would take units 32,768 and 32,769: it moves to the next part whole.
    const pair = await writeCatalog({ status: "s", text: "x".repeat(32_745) + "😀" });
    expect("parts" in pair && pair.parts.map((p) => p.length)).toEqual([32_767, 4]);
  });

  it("random text at every boundary: one part, exactly full parts, many parts, and spill by either accounting", async () => {
    const cases: Array<{ filler: string; units: number; parts?: number; blob?: true }> = [
      { filler: "a", units: 32_768, parts: 1 },
      { filler: "a", units: 32_769, parts: 2 },
      { filler: "a", units: 65_536, parts: 2 },
      { filler: "a", units: 65_537, parts: 3 },
      { filler: "é", units: 32_768 },
      { filler: "€", units: 32_768, parts: 2 },
      { filler: "😀", units: 32_768 },
      { filler: "a", units: 300_000, parts: 10 },
      // Over 1 MiB by Azure's accounting (2 bytes per character), though only ~0.54 MB on the wire.
      { filler: "a", units: 540_000, blob: true },
      // 360 KB by Azure's accounting, but over 1 MiB of \u escapes on the wire.
      { filler: "é", units: 180_000, blob: true },
      // Either side of the wire limit: Azurite refuses an update over it, so a miscount fails here.
      { filler: "é", units: 174_650 },
      { filler: "ש", units: 174_700 },
      { filler: "😀", units: 174_750 },
    ];
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 12 }), shortText, async (head, status) => {
        for (const c of cases) {
          const value = docOfJsonUnits(head.join(""), status, c.filler, c.units);
          const layout = await writeCatalog(value);
          if (c.parts) expect("parts" in layout && layout.parts.length).toBe(c.parts);
          if (c.blob) expect("blob" in layout).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 3 },
    );
  });

  async function writeCatalog(value: { status: string; text: string }): Promise<Layout> {
    const id = `doc-${randomUUID()}`;
    await s.catalog.put(id, value);
    expect((await s.catalog.get(id))?.value).toEqual(value);
    return catalogLayout(id, JSON.stringify(value));
  }
});

describe("table documents: existing layouts still decode", () => {
  it("reads Doc, 30,000-character DocParts and DocBlob as the previous codec wrote them", async () => {
    const client = raw("Catalog");
    await s.catalog.put("warm-up", { status: "s" });
    const value = { status: "legacy", notes: "z".repeat(70_000) };
    const json = JSON.stringify(value);
    const parts = Object.fromEntries(Array.from({ length: Math.ceil(json.length / 30_000) }, (_, i) => [`Doc${i}`, json.slice(i * 30_000, (i + 1) * 30_000)]));
    await client.createEntity({ partitionKey: "doc", rowKey: "legacy-doc", Id: "legacy-doc", Status: "legacy", Doc: JSON.stringify({ status: "legacy", n: 1 }) });
    await client.createEntity({ partitionKey: "doc", rowKey: "legacy-parts", Id: "legacy-parts", Status: "legacy", DocParts: String(Object.keys(parts).length), ...parts });
    await spill.getBlockBlobClient("Catalog/legacy.json").upload(json, json.length);
    await client.createEntity({ partitionKey: "doc", rowKey: "legacy-blob", Id: "legacy-blob", Status: "legacy", DocBlob: "Catalog/legacy.json" });
    expect((await s.catalog.get("legacy-doc"))?.value).toEqual({ status: "legacy", n: 1 });
    expect((await s.catalog.get("legacy-parts"))?.value).toEqual(value);
    expect((await s.catalog.get("legacy-blob"))?.value).toEqual(value);
    expect((await s.catalog.list({ status: "legacy" })).map((d) => d.id).sort()).toEqual(["legacy-blob", "legacy-doc", "legacy-parts"]);
  });
});

describe("table documents: refusals and spill blobs of failed writes", () => {
  it("a spilled create or replace that conflicts leaves no blob behind and the stored version intact", async () => {
    const id = `big-${randomUUID()}`;
    const value = { status: "s", text: "é".repeat(200_000) };
    const first = await s.catalog.create(id, value);
    const before = await blobs("Catalog/");
    await expect(s.catalog.create(id, { status: "s", text: "€".repeat(200_000) })).rejects.toBeInstanceOf(StoreConflictError);
    await s.catalog.replace(id, { status: "t", text: "ü".repeat(200_000) }, first.etag);
    const after = await blobs("Catalog/");
    await expect(s.catalog.replace(id, { status: "u", text: "ö".repeat(200_000) }, first.etag)).rejects.toBeInstanceOf(StoreConflictError);
    expect(await blobs("Catalog/")).toEqual(after);
    expect(after).toHaveLength(before.length + 1);
    expect((await s.catalog.get(id))?.value).toEqual({ status: "t", text: "ü".repeat(200_000) });
  });

  it("concurrent vending creates with spilled requests keep exactly the winner's blob", async () => {
    const key = `key-${randomUUID()}`;
    const before = await blobs("VendingRequests/");
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => s.vendingRequests.create({ id: `${key}-r${i}`, idempotencyKey: key, status: "Submitted", text: "ğ".repeat(190_000 + i) } as never)),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.request.value.id)).size).toBe(1);
    expect((await blobs("VendingRequests/")).length).toBe(before.length + 1);
    const winner = results.find((r) => r.created)!.request.value as unknown as { id: string; text: string };
    expect(((await s.vendingRequests.getByIdempotencyKey(key))?.value as unknown as { text: string }).text).toBe(winner.text);
  });

  it("a finding whose resource id is too long for its column is refused before anything is written", async () => {
    const resourceId = `/subscriptions/${SUB}/resourceGroups/${"ﷺ".repeat(40_000)}`;
    const before = await blobs("Findings/");
    const write = s.findings.upsertOpen({ guardrail: "g", resourceId, reason: "r", evidence: { text: "é".repeat(200_000) } }, AT);
    await expect(write).rejects.toBeInstanceOf(StoreLimitError);
    await expect(write).rejects.toThrow(/ResourceIdLower is 40\d{3} UTF-16 units/);
    expect(await blobs("Findings/")).toEqual(before);
    expect(await s.findings.get({ guardrail: "g", resourceId })).toBeUndefined();
  });

  it("an audit entry whose actor is too long for its column is refused, and no copy of it is visible", async () => {
    const resourceId = `/subscriptions/${SUB}/resourceGroups/rg-${randomUUID()}`;
    await expect(s.audit.append({ actor: "א".repeat(40_000), action: "flag", resourceId, after: { text: "é".repeat(200_000) } })).rejects.toBeInstanceOf(StoreLimitError);
    expect(await s.audit.query({ resourceId })).toEqual([]);
    expect(await blobs("Audit/")).toEqual([]);
  });

  it("a dead letter keeps any reason: exactly in its document, as a well-formed prefix that fits a property in its Reason column", async () => {
    const reason = "€".repeat(40_000) + "\ud800" + "x";
    const dl = await s.deadLetters.put({ source: "resourceEvents", reason, payload: { reason } });
    expect((await s.deadLetters.list({ since: dl.at })).find((d) => d.id === dl.id)).toEqual(dl);
    const rows: Array<{ Reason: string }> = [];
    for await (const e of raw("DeadLetters").listEntities<{ Reason: string }>({ queryOptions: { filter: `Source eq 'resourceEvents'` } })) rows.push(e);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(isWellFormed(row.Reason)).toBe(true);
    expect(wellFormed(reason).startsWith(row.Reason)).toBe(true);
    expect(Buffer.byteLength(row.Reason)).toBe(65_535);
  });

  it("keys longer than a row key allows are bounded, so long non-Latin names still round-trip", async () => {
    const rg = "مجموعة-الموارد-".repeat(60);
    const key = { guardrail: "ذكاء-".repeat(40), resourceId: `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/آلة`, rule: "قاعدة".repeat(40) };
    const opened = await s.findings.upsertOpen({ ...key, reason: "r" }, AT);
    expect(await s.findings.get(key)).toEqual(opened);
    expect(await s.findings.get({ ...key, rule: `${key.rule}x` })).toBeUndefined();
    const { record } = await s.audit.append({ id: "معرف".repeat(200), actor: "a", action: "b", resourceId: key.resourceId, at: AT });
    expect(await s.audit.query({ resourceId: key.resourceId })).toEqual([record]);
    const request = { id: "طلب".repeat(300), idempotencyKey: "مفتاح".repeat(300), status: "Submitted" };
    expect((await s.vendingRequests.create(request)).created).toBe(true);
    expect((await s.vendingRequests.getByIdempotencyKey(request.idempotencyKey))?.value).toEqual(request);
  });
});
