import { encodeKey } from "../keys";
import type { QuotaSampleStore } from "../ports";
import { peakOf } from "../peakOf";
import { QuotaSample, type QuotaPeak } from "../records";
import { checkEntity } from "./checkEntity";
import type { TableContext } from "./TableContext";

// PartitionKey = subscription|location|family (lower case), RowKey = the sample's hour: `peak` over
// a window is one partition range scan, and the hourly sampler re-running an hour overwrites
// instead of double counting. Samples are small scalars, so they are plain columns (no JSON doc).

const TABLE = "QuotaSamples";

export class TableQuotaSampleStore implements QuotaSampleStore {
  constructor(private readonly ctx: TableContext) {}

  async record(input: QuotaSample): Promise<void> {
    const s = QuotaSample.parse(input);
    const client = await this.ctx.table(TABLE);
    await client.upsertEntity(
      checkEntity(TABLE, {
        partitionKey: partitionOf(s.subscriptionId, s.location, s.family),
        rowKey: hourOf(s.at),
        SubscriptionId: s.subscriptionId,
        Location: s.location,
        Family: s.family,
        Usage: s.usage,
        Limit: s.limit,
      }),
      "Replace",
    );
  }

  async samples(subscriptionId: string, location: string, family: string, since: string): Promise<QuotaSample[]> {
    const client = await this.ctx.table(TABLE);
    const pk = partitionOf(subscriptionId, location, family);
    const filter = `PartitionKey eq '${pk}' and RowKey ge '${hourOf(since)}'`;
    const out: QuotaSample[] = [];
    for await (const e of client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      out.push({
        subscriptionId: String(e.SubscriptionId),
        location: String(e.Location),
        family: String(e.Family),
        at: `${e.rowKey}:00:00.000Z`,
        usage: Number(e.Usage),
        limit: Number(e.Limit),
      });
    }
    return out;
  }

  async peak(subscriptionId: string, location: string, family: string, since: string): Promise<QuotaPeak> {
    return peakOf(await this.samples(subscriptionId, location, family, since));
  }
}

function partitionOf(subscriptionId: string, location: string, family: string): string {
  return encodeKey(`${subscriptionId}|${location}|${family}`.toLowerCase());
}

/** "2024-05-01T13" — the hour, sortable as a string. */
function hourOf(instant: string): string {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not an instant: ${instant}`);
  return d.toISOString().slice(0, 13);
}
