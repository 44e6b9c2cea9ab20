import { encodeKey } from "../keys";
import type { SandboxActivityStore } from "../ports";
import { SandboxActivity } from "../records";
import { decodeDoc, writeDoc } from "./docCodec";
import { retryOnConflict } from "./retryOnConflict";
import { statusOf, type TableContext } from "./TableContext";

// Last activity per sandbox. Events arrive out of order and concurrently, so a write lands only
// when it is newer than what is stored, and only against the ETag it compared with: an older
// event racing a newer one can never move the clock back.

const TABLE = "SandboxActivity";
const PK = "a";

export class TableSandboxActivityStore implements SandboxActivityStore {
  constructor(private readonly ctx: TableContext) {}

  record(input: SandboxActivity): Promise<boolean> {
    const activity = SandboxActivity.parse(input);
    const rowKey = encodeKey(activity.sandboxId.toLowerCase());
    return retryOnConflict(async () => {
      const client = await this.ctx.table(TABLE);
      const existing = await this.read(rowKey);
      if (existing && Date.parse(existing.activity.at) >= Date.parse(activity.at)) return false;
      const columns = { partitionKey: PK, rowKey, At: new Date(activity.at) };
      await writeDoc(this.ctx, TABLE, columns, activity, (e) => (existing ? client.updateEntity(e, "Replace", { etag: existing.etag }) : client.createEntity(e)));
      return true;
    });
  }

  async last(sandboxId: string): Promise<SandboxActivity | undefined> {
    return (await this.read(encodeKey(sandboxId.toLowerCase())))?.activity;
  }

  async list(): Promise<SandboxActivity[]> {
    const client = await this.ctx.table(TABLE);
    const out: SandboxActivity[] = [];
    for await (const e of client.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq '${PK}'` } })) {
      out.push(SandboxActivity.parse(await decodeDoc(this.ctx, e)));
    }
    return out;
  }

  private async read(rowKey: string) {
    const client = await this.ctx.table(TABLE);
    try {
      const e = await client.getEntity<Record<string, unknown>>(PK, rowKey);
      return { activity: SandboxActivity.parse(await decodeDoc(this.ctx, e)), etag: e.etag };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }
}
