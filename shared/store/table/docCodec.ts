import { randomUUID } from "node:crypto";
import { checkEntity } from "./checkEntity";
import { entityProblem } from "./entityProblem";
import { entitySize } from "./entitySize";
import { splitText } from "./splitText";
import { statusOf, type TableContext } from "./TableContext";
import { PROPERTY_LIMIT } from "./tableLimits";

// Documents are kept as JSON in `Doc`; JSON longer than one string property is split over
// Doc0..DocN (DocParts = N+1) in the same entity, so it lands atomically with the entity write;
// JSON that does not fit one entity beside its columns goes to a spill blob named in `DocBlob`.
// Parts are cut by UTF-16 units and UTF-8 bytes at code point boundaries (splitText), and whether
// the whole entity fits is judged on its bytes (entityProblem), never on `.length` alone. The
// bytes on the wire are ASCII (asciiJsonBodyPolicy), so no part can be cut inside a character in transit.
// Spill blobs get fresh names, so a failed conditional write never clobbers the version another
// writer stored.

type DocColumns = Record<string, string>;

export interface TableEntityBase extends Record<string, unknown> {
  partitionKey: string;
  rowKey: string;
}

export interface EncodedDoc<E extends TableEntityBase> {
  /** The columns plus Doc, DocParts and Doc0..N, or DocBlob. */
  entity: E;
  /** The entity's bytes on the wire (entitySize), measured once here so a batch need not serialise it again to budget a transaction. */
  wireBytes: number;
  /**
   * For a write of `entity` that failed: deletes the spill blob unless the stored row at the
   * entity's key names it (an SDK retry may have landed the first attempt before reporting 409/412).
   * Never throws: the write's own error is the one to report, and a blob it could not delete is
   * referenced by no row, so it is garbage rather than a broken document.
   */
  discard(): Promise<void>;
}

/** The entity for `columns` plus `value` as a document; StoreLimitError (before any blob is written) when the columns cannot be stored. */
export async function encodeDoc<E extends TableEntityBase>(ctx: TableContext, table: string, columns: E, value: unknown): Promise<EncodedDoc<E>> {
  const json = JSON.stringify(value ?? null);
  const parts = splitText(json, PROPERTY_LIMIT);
  const inline: DocColumns = parts.length === 1 ? { Doc: parts[0] } : { DocParts: String(parts.length) };
  if (parts.length > 1) parts.forEach((p, i) => (inline[`Doc${i}`] = p));
  const inlined = { ...columns, ...inline };
  const size = entitySize(inlined);
  if (!entityProblem(inlined, size)) return { entity: inlined, wireBytes: size.wire, discard: async () => {} };

  const name = `${table}/${randomUUID()}.json`;
  const entity = checkEntity(table, { ...columns, DocBlob: name });
  const blob = (await ctx.spill()).getBlockBlobClient(name);
  await blob.upload(json, Buffer.byteLength(json), { blobHTTPHeaders: { blobContentType: "application/json" } });
  return {
    entity,
    wireBytes: entitySize(entity).wire,
    async discard() {
      try {
        const client = await ctx.table(table);
        let stored: unknown;
        try {
          stored = (await client.getEntity<{ DocBlob?: string }>(columns.partitionKey, columns.rowKey, { queryOptions: { select: ["DocBlob"] } })).DocBlob;
        } catch (err) {
          if (statusOf(err) !== 404) throw err;
        }
        if (stored !== name) await blob.deleteIfExists();
      } catch {
        // Left in place; see discard's contract.
      }
    },
  };
}

/** encodeDoc, then `write(entity)`; when the write fails the spill blob is discarded and the error rethrown. */
export async function writeDoc<E extends TableEntityBase, R>(
  ctx: TableContext,
  table: string,
  columns: E,
  value: unknown,
  write: (entity: E) => Promise<R>,
): Promise<R> {
  const doc = await encodeDoc(ctx, table, columns, value);
  try {
    return await write(doc.entity);
  } catch (err) {
    await doc.discard();
    throw err;
  }
}

export async function decodeDoc(ctx: TableContext, entity: Record<string, unknown>): Promise<unknown> {
  const where = `entity ${String(entity.partitionKey)}/${String(entity.rowKey)}`;
  if (typeof entity.Doc === "string") return JSON.parse(entity.Doc);
  if (entity.DocParts !== undefined) {
    const n = Number(entity.DocParts);
    let json = "";
    for (let i = 0; i < n; i++) {
      const part = entity[`Doc${i}`];
      if (typeof part !== "string") throw new Error(`${where} lacks Doc${i} of its ${n} document parts`);
      json += part;
    }
    return JSON.parse(json);
  }
  if (typeof entity.DocBlob === "string") {
    const container = await ctx.spill();
    const buf = await container.getBlockBlobClient(entity.DocBlob).downloadToBuffer();
    return JSON.parse(buf.toString("utf8"));
  }
  throw new Error(`${where} has no document`);
}
