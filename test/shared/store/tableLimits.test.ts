import { TableClient } from "@azure/data-tables";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { BlobServiceClient } from "@azure/storage-blob";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asciiJsonBodyPolicyName } from "../../../shared/store/table/asciiJsonBodyPolicy";
import { entitySize } from "../../../shared/store/table/entitySize";
import { createTableContext, statusOf, type TableContext } from "../../../shared/store/table/TableContext";
import { ENTITY_BYTES, KEY_LIMIT, PROPERTY_LIMIT } from "../../../shared/store/table/tableLimits";
import { startAzurite, type AzuriteHandle } from "./startAzurite";

// Azurite's limits, measured through the clients the stores use (so with asciiJsonBodyPolicy), and
// checked against the numbers in tableLimits.ts. Azure's own are documented; where they differ the
// codec holds entities to the stricter (see tableLimits.ts).

let azurite: AzuriteHandle;
let ctx: TableContext;
let client: TableClient;
const bodies: string[] = [];

const capture: PipelinePolicy = {
  name: "captureBody",
  async sendRequest(request, next) {
    if (typeof request.body === "string") bodies.push(request.body);
    return next(request);
  },
};

beforeAll(async () => {
  azurite = await startAzurite();
  ctx = createTableContext({
    tableClient: (name) => TableClient.fromConnectionString(azurite.connectionString, name, { allowInsecureConnection: true }),
    spillContainer: BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient("limits-spill"),
    prefix: `l${randomUUID().slice(0, 8)}`,
  });
  client = await ctx.table("Limits");
  client.pipeline.addPolicy(capture, { afterPolicies: [asciiJsonBodyPolicyName] });
});
afterAll(async () => {
  await azurite?.stop();
});

let row = 0;
async function roundTrip(props: Record<string, unknown>, how: "create" | "upsert" = "upsert"): Promise<Record<string, unknown>> {
  const entity = { partitionKey: "p", rowKey: String(row++), ...props };
  if (how === "create") await client.createEntity(entity);
  else await client.upsertEntity(entity, "Replace");
  return client.getEntity<Record<string, unknown>>("p", entity.rowKey);
}
async function refusal(props: Record<string, unknown>, rowKey = String(row++)): Promise<string | undefined> {
  try {
    await client.upsertEntity({ partitionKey: "p", rowKey, ...props }, "Replace");
    return undefined;
  } catch (err) {
    expect(statusOf(err)).toBe(400);
    return (err as { details?: { odataError?: { code?: string } } }).details?.odataError?.code ?? String(err);
  }
}

describe("Azurite's table limits", () => {
  it("a string property holds 32768 UTF-16 units, whatever their UTF-8 size, and no more", async () => {
    expect(PROPERTY_LIMIT.units).toBe(32_768);
    for (const text of ["x".repeat(32_768), "é".repeat(32_768), "€".repeat(32_768), "😀".repeat(16_384)]) {
      expect((await roundTrip({ S: text })).S).toBe(text);
    }
    expect(await refusal({ S: "x".repeat(32_769) })).toMatch(/PropertyValueTooLarge/);
    expect(await refusal({ S: "😀".repeat(16_384) + "x" })).toMatch(/PropertyValueTooLarge/);
  });

  it("a key holds 512 characters and none of / \\ # ?", async () => {
    expect(KEY_LIMIT.units).toBe(512);
    await client.upsertEntity({ partitionKey: "p", rowKey: "k".repeat(512), S: "v" }, "Replace");
    expect(await refusal({ S: "v" }, "k".repeat(513))).toBeDefined();
    for (const bad of ["a#b", "a?b", "a\\b"]) expect(await refusal({ S: "v" }, bad)).toBeDefined();
  });

  it("an update's body may be ENTITY_BYTES on the wire, as entitySize counts it, and not one byte more", async () => {
    expect(ENTITY_BYTES).toBe(1_048_576);
    const props: Record<string, unknown> = { At: new Date("2025-03-01T00:00:00Z"), N: 7, Flag: true, Text: 'é"\\😀\n' };
    for (let i = 0; i < 31; i++) props[`P${i}`] = "x".repeat(32_768);
    const base = { partitionKey: "p", rowKey: "edge", ...props, Pad: "" };
    const pad = ENTITY_BYTES - entitySize(base).wire;
    expect(pad).toBeGreaterThan(0);
    const exact = { ...base, Pad: "x".repeat(pad) };
    expect(entitySize(exact).wire).toBe(ENTITY_BYTES);
    bodies.length = 0;
    await client.upsertEntity(exact, "Replace");
    expect(bodies.map((b) => b.length)).toEqual([ENTITY_BYTES]);
    expect(/^[\x00-\x7f]*$/.test(bodies[0])).toBe(true);
    expect(await refusal({ ...props, Pad: "x".repeat(pad + 1) }, "edge")).toMatch(/EntityTooLarge/);
  });

  it("multi-byte text stays exact across the 64 KiB socket reads of a large body, alone and in a batch", async () => {
    const mixed = (seed: number) => Array.from({ length: 32_768 / 4 }, (_, i) => ["é€", "😀", "שׁ", "ك", "e\u0301"][(i + seed) % 5].padEnd(2, "~").repeat(2)).join("").slice(0, 32_768);
    const props = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`P${i}`, mixed(i)]));
    expect(await roundTrip(props)).toMatchObject(props);
    const rows = ["b1", "b2"].map((rowKey, i) => ({ partitionKey: "batch", rowKey, A: mixed(i), B: mixed(i + 1), C: mixed(i + 2) }));
    await client.submitTransaction(rows.map((r) => ["create", r]));
    for (const r of rows) expect(await client.getEntity("batch", r.rowKey)).toMatchObject(r);
  });
});
