import { StoreConflictError } from "../errors";
import { encodeKey, odataString } from "../keys";
import type { ExemptionStore } from "../ports";
import { ExemptionRecord } from "../records";
import { scopeCovers } from "../scopeCovers";
import { decodeDoc, writeDoc } from "./docCodec";
import { statusOf, type TableContext } from "./TableContext";

// Exemptions are few (hundreds) and read on every decision, so they share one partition and
// `active` is one server-side filter (guardrail and expiry) plus an ancestor check in memory:
// scope inheritance (an exemption on a resource group covers its resources) is not expressible
// as an OData filter. Expiry needs no job: an expired row simply stops matching.

const TABLE = "Exemptions";
const PK = "x";

export class TableExemptionStore implements ExemptionStore {
  constructor(private readonly ctx: TableContext) {}

  async create(exemption: ExemptionRecord): Promise<ExemptionRecord> {
    const r = ExemptionRecord.parse(exemption);
    const client = await this.ctx.table(TABLE);
    try {
      const columns = { partitionKey: PK, rowKey: encodeKey(r.id), Guardrail: r.guardrail, ScopeLower: r.scope.toLowerCase(), ExpiresAt: new Date(r.expiresAt) };
      await writeDoc(this.ctx, TABLE, columns, r, (e) => client.createEntity(e));
    } catch (err) {
      if (statusOf(err) === 409) throw new StoreConflictError(`exemption ${r.id} already exists`);
      throw err;
    }
    return r;
  }

  async get(id: string): Promise<ExemptionRecord | undefined> {
    const client = await this.ctx.table(TABLE);
    try {
      return ExemptionRecord.parse(await decodeDoc(this.ctx, await client.getEntity(PK, encodeKey(id))));
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async list(options: { includeExpired?: boolean; now?: string } = {}): Promise<ExemptionRecord[]> {
    let filter = `PartitionKey eq '${PK}'`;
    if (!options.includeExpired) filter += ` and ExpiresAt gt datetime'${new Date(options.now ?? this.ctx.now()).toISOString()}'`;
    return this.query(filter);
  }

  async delete(id: string): Promise<boolean> {
    const client = await this.ctx.table(TABLE);
    try {
      await client.deleteEntity(PK, encodeKey(id));
      return true;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      throw err;
    }
  }

  async active(scopes: string | string[], guardrail: string, now: string): Promise<ExemptionRecord[]> {
    const targets = Array.isArray(scopes) ? scopes : [scopes];
    const filter =
      `PartitionKey eq '${PK}' and (Guardrail eq ${odataString(guardrail)} or Guardrail eq '*')` +
      ` and ExpiresAt gt datetime'${new Date(now).toISOString()}'`;
    const candidates = await this.query(filter);
    return candidates.filter((x) => targets.some((t) => scopeCovers(x.scope, t)));
  }

  private async query(filter: string): Promise<ExemptionRecord[]> {
    const client = await this.ctx.table(TABLE);
    const out: ExemptionRecord[] = [];
    for await (const e of client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      out.push(ExemptionRecord.parse(await decodeDoc(this.ctx, e)));
    }
    return out;
  }
}
