import { randomUUID } from "node:crypto";
import type { TableContext } from "./TableContext";

// Table Storage caps a string property at 64 KiB (32K UTF-16 chars) and an entity at 1 MiB.
// Documents are kept as JSON in `Doc`; longer JSON is split over Doc0..DocN in the same entity
// (atomic with the entity write), and JSON too large for one entity goes to a spill blob whose
// name the entity keeps. Spill blobs are written under fresh names, so a failed conditional write
// never clobbers the version another writer stored.

const PART_CHARS = 30_000;
const MAX_INLINE_CHARS = 400_000;

export type DocColumns = Record<string, string>;

export async function encodeDoc(ctx: TableContext, table: string, value: unknown): Promise<DocColumns> {
  const json = JSON.stringify(value ?? null);
  if (json.length <= PART_CHARS) return { Doc: json };
  if (json.length <= MAX_INLINE_CHARS) {
    const cols: DocColumns = { DocParts: String(Math.ceil(json.length / PART_CHARS)) };
    for (let i = 0; i * PART_CHARS < json.length; i++) cols[`Doc${i}`] = json.slice(i * PART_CHARS, (i + 1) * PART_CHARS);
    return cols;
  }
  const container = await ctx.spill();
  const name = `${table}/${randomUUID()}.json`;
  await container.getBlockBlobClient(name).upload(json, Buffer.byteLength(json), {
    blobHTTPHeaders: { blobContentType: "application/json" },
  });
  return { DocBlob: name };
}

export async function decodeDoc(ctx: TableContext, entity: Record<string, unknown>): Promise<unknown> {
  if (typeof entity.Doc === "string") return JSON.parse(entity.Doc);
  if (entity.DocParts !== undefined) {
    const n = Number(entity.DocParts);
    let json = "";
    for (let i = 0; i < n; i++) json += String(entity[`Doc${i}`] ?? "");
    return JSON.parse(json);
  }
  if (typeof entity.DocBlob === "string") {
    const container = await ctx.spill();
    const buf = await container.getBlockBlobClient(entity.DocBlob).downloadToBuffer();
    return JSON.parse(buf.toString("utf8"));
  }
  throw new Error(`entity ${String(entity.partitionKey)}/${String(entity.rowKey)} has no document`);
}
