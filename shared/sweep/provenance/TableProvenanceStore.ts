import { encodeKey } from "../../store/keys";
import { checkEntity } from "../../store/table/checkEntity";
import { statusOf, type TableContext } from "../../store/table/TableContext";
import { Provenance } from "./Provenance";
import type { ProvenanceStore } from "./ProvenanceStore";

const TABLE = "Provenance";

/** Table Storage: PartitionKey = subscription id, RowKey = encoded lower-case resource id, the record as JSON. */
export class TableProvenanceStore implements ProvenanceStore {
  constructor(private readonly ctx: TableContext) {}

  async forSubscription(subscriptionId: string): Promise<Map<string, Provenance>> {
    const client = await this.ctx.table(TABLE);
    const out = new Map<string, Provenance>();
    const pk = subscriptionId.toLowerCase().replace(/'/g, "''");
    for await (const e of client.listEntities<{ Record: string }>({ queryOptions: { filter: `PartitionKey eq '${pk}'`, select: ["Record"] } })) {
      const p = Provenance.safeParse(JSON.parse(e.Record));
      if (p.success) out.set(p.data.resourceId.toLowerCase(), p.data);
    }
    return out;
  }

  async get(subscriptionId: string, resourceId: string): Promise<Provenance | undefined> {
    const client = await this.ctx.table(TABLE);
    try {
      const e = await client.getEntity<{ Record: string }>(subscriptionId.toLowerCase(), encodeKey(resourceId.toLowerCase()));
      return Provenance.parse(JSON.parse(e.Record));
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async put(record: Provenance): Promise<void> {
    const p = Provenance.parse(record);
    const client = await this.ctx.table(TABLE);
    await client.upsertEntity(checkEntity(TABLE, { partitionKey: p.subscriptionId, rowKey: encodeKey(p.resourceId.toLowerCase()), Record: JSON.stringify(p) }), "Replace");
  }
}
