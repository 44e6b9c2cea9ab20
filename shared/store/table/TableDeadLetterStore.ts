import { randomUUID } from "node:crypto";
import type { DeadLetterStore } from "../ports";
import { DeadLetter } from "../records";
import { decodeDoc, writeDoc } from "./docCodec";
import { invertedRowKey, invertedTime, rowKeySinceBound } from "./invertedTime";
import type { TableContext } from "./TableContext";
import { PROPERTY_LIMIT } from "./tableLimits";
import { truncateText } from "./truncateText";
import { wellFormed } from "./wellFormed";

// Malformed events, kept as received for inspection. One partition per day (newest first) so a
// burst of bad events spreads over time and old days can be dropped whole. Payloads can be large
// (a whole Event Grid batch): the doc codec chunks or spills them. A malformed event is kept
// whatever it holds, so the Reason preview is cut to fit a property rather than refused.

const TABLE = "DeadLetters";
const DAY = 86_400_000;

export class TableDeadLetterStore implements DeadLetterStore {
  constructor(private readonly ctx: TableContext) {}

  async put(input: Omit<DeadLetter, "id" | "at"> & { at?: string }): Promise<DeadLetter> {
    const entry = DeadLetter.parse({ ...input, id: randomUUID(), at: input.at ?? new Date(this.ctx.now()).toISOString() });
    const ms = Date.parse(entry.at);
    const client = await this.ctx.table(TABLE);
    const columns = {
      partitionKey: dayPartition(ms),
      rowKey: invertedRowKey(ms, entry.id),
      Source: entry.source,
      // A preview for browsing the table; the document keeps the reason exactly.
      Reason: truncateText(wellFormed(entry.reason), PROPERTY_LIMIT),
    };
    await writeDoc(this.ctx, TABLE, columns, entry, (e) => client.createEntity(e));
    return entry;
  }

  async list(options: { since?: string; limit?: number } = {}): Promise<DeadLetter[]> {
    const client = await this.ctx.table(TABLE);
    const since = options.since ? Date.parse(options.since) : undefined;
    const filter =
      since === undefined
        ? `PartitionKey ge 'd'`
        : `PartitionKey le '${dayPartition(since)}' and RowKey lt '${rowKeySinceBound(since)}'`;
    const out: DeadLetter[] = [];
    for await (const e of client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      out.push(DeadLetter.parse(await decodeDoc(this.ctx, e)));
      if (out.length >= (options.limit ?? 1000)) break;
    }
    return out;
  }
}

function dayPartition(ms: number): string {
  return "d" + invertedTime(Math.floor(ms / DAY) * DAY);
}
