// Persistence of the local durable backend in Azure Table Storage (Azurite locally), laid out
// like the Azure Storage provider: `<hub>Instances` (one row per instance, PartitionKey =
// instance id) and `<hub>History` (one partition per instance). The history partition also
// holds the instance's inbox: messages (activity results, fired timers, raised events) that
// are durable before any episode consumes them, so a crash never loses a finished activity.
//
// Table Storage limits a string property to 64 KiB and an entity to 1 MiB, so payloads are
// stored in 30,000-character chunks and anything past ~420,000 characters spills to a blob in
// `<hub>-largemessages`, the container the Azure Storage provider uses for the same purpose.
import { TableClient, TableTransaction, type TableEntity, type TransactionAction } from "@azure/data-tables";
import { BlobServiceClient, type ContainerClient } from "@azure/storage-blob";
import { HistoryEvent, InboxMessage, InstanceState } from "./types";

const CHUNK_CHARS = 30_000;
const MAX_CHUNKS = 14;
const BATCH = 100;
const STATE_ROW = "~state";

type Row = TableEntity<Record<string, unknown>>;

function validateTaskHub(hub: string): void {
  if (!/^[A-Za-z][A-Za-z0-9]{2,44}$/.test(hub)) {
    throw new Error(`taskHub: "${hub}" must be 3-45 letters or digits starting with a letter (it prefixes table names)`);
  }
}

export class DurableStore {
  readonly instances: TableClient;
  readonly history: TableClient;
  private readonly container: ContainerClient;

  constructor(connectionString: string, readonly taskHub: string) {
    validateTaskHub(taskHub);
    const tableOptions = { allowInsecureConnection: true };
    this.instances = TableClient.fromConnectionString(connectionString, `${taskHub}Instances`, tableOptions);
    this.history = TableClient.fromConnectionString(connectionString, `${taskHub}History`, tableOptions);
    this.container = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(`${taskHub.toLowerCase()}-largemessages`);
  }

  async init(): Promise<void> {
    await Promise.all([this.instances.createTable(), this.history.createTable(), this.container.createIfNotExists()]);
  }

  // ---- instances -------------------------------------------------------------------------

  async putInstance(state: InstanceState): Promise<void> {
    const json = JSON.stringify(state);
    const entity: Row = {
      partitionKey: state.instanceId,
      rowKey: "",
      Name: state.name,
      RuntimeStatus: state.runtimeStatus,
      CreatedTime: state.createdTime,
      LastUpdatedTime: state.lastUpdatedTime,
      ExecutionId: state.executionId,
      ...(await this.encode("State", json, `instances/${state.instanceId}/${state.executionId}`)),
    };
    await this.instances.upsertEntity(entity, "Replace");
  }

  async getInstance(instanceId: string): Promise<InstanceState | undefined> {
    try {
      const row = await this.instances.getEntity<Record<string, unknown>>(instanceId, "");
      return InstanceState.parse(JSON.parse(await this.decode("State", row)));
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return undefined;
      throw err;
    }
  }

  async listInstances(): Promise<InstanceState[]> {
    const out: InstanceState[] = [];
    for await (const row of this.instances.listEntities<Record<string, unknown>>()) {
      out.push(InstanceState.parse(JSON.parse(await this.decode("State", row))));
    }
    return out;
  }

  async deleteInstance(instanceId: string): Promise<void> {
    const keys: string[] = [];
    for await (const row of this.history.listEntities({ queryOptions: { filter: `PartitionKey eq '${odataQuote(instanceId)}'`, select: ["RowKey"] } })) {
      keys.push(row.rowKey as string);
    }
    await this.deleteRows(instanceId, keys);
    await this.instances.deleteEntity(instanceId, "").catch(ignore404);
    for (const prefix of ["instances", "history", "inbox", "state"]) {
      for await (const b of this.container.listBlobsFlat({ prefix: `${prefix}/${instanceId}/` })) {
        await this.container.deleteBlob(b.name).catch(ignore404);
      }
    }
  }

  // ---- history ---------------------------------------------------------------------------

  async readHistory(instanceId: string, executionId: string, count: number): Promise<HistoryEvent[]> {
    const lo = `${executionId}:`;
    const hi = `${executionId};`;
    const filter = `PartitionKey eq '${odataQuote(instanceId)}' and RowKey ge '${odataQuote(lo)}' and RowKey lt '${odataQuote(hi)}'`;
    const events: HistoryEvent[] = [];
    for await (const row of this.history.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      const index = Number((row.rowKey as string).slice(lo.length));
      if (index >= count) continue; // written by an episode that never committed
      events[index] = HistoryEvent.parse(JSON.parse(await this.decode("Event", row)));
    }
    if (events.length !== count || events.some((e) => e === undefined)) {
      throw new Error(`history of ${instanceId} (execution ${executionId}) has ${events.filter(Boolean).length} of ${count} committed events`);
    }
    return events;
  }

  async deleteExecution(instanceId: string, executionId: string): Promise<void> {
    const filter = `PartitionKey eq '${odataQuote(instanceId)}' and RowKey ge '${odataQuote(executionId + ":")}' and RowKey lt '${odataQuote(executionId + ";")}'`;
    const keys: string[] = [];
    for await (const row of this.history.listEntities({ queryOptions: { filter, select: ["RowKey"] } })) keys.push(row.rowKey as string);
    await this.deleteRows(instanceId, keys);
  }

  /**
   * Commits an episode atomically: its history rows, the instance state (the `~state` row of
   * the history partition holds the commit pointer `historyCount`) and the deletion of the inbox
   * messages it consumed go in one entity-group transaction. When an episode has more rows than
   * a transaction takes, the leading history rows are written first: past the committed count
   * they are invisible until the final transaction lands. Inbox deletions that do not fit follow
   * the commit; recovery drops such messages because history names them (InboxKey).
   */
  async commitEpisode(state: InstanceState, from: number, events: HistoryEvent[], consumedInbox: string[]): Promise<void> {
    const instanceId = state.instanceId;
    const rows: TransactionAction[] = [];
    for (let i = 0; i < events.length; i++) {
      const rowKey = `${state.executionId}:${String(from + i).padStart(10, "0")}`;
      const ev = events[i]!;
      rows.push(["upsert", { partitionKey: instanceId, rowKey, ExecutionId: state.executionId, EventType: ev.EventType, EventId: ev.EventId, ...(await this.encode("Event", JSON.stringify(ev), `history/${instanceId}/${rowKey}`)) }, "Replace"]);
    }
    const stateRow: TransactionAction = ["upsert", { partitionKey: instanceId, rowKey: STATE_ROW, ...(await this.encode("State", JSON.stringify(state), `state/${instanceId}/${state.executionId}-${from}`)) }, "Replace"];
    const leading = rows.slice(0, Math.max(0, rows.length - 49));
    await this.submit(instanceId, leading);
    const tail = rows.slice(leading.length);
    const room = BATCH - tail.length - 1;
    const deletes = consumedInbox.map((k) => ["delete", { partitionKey: instanceId, rowKey: `~inbox:${k}` }] as TransactionAction);
    const final = [...tail, stateRow, ...deletes.slice(0, room)];
    try {
      await this.history.submitTransaction(final);
    } catch (err) {
      // a consumed message already deleted by an earlier attempt fails the batch (404): commit without it
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
      await this.history.submitTransaction([...tail, stateRow]);
      await this.deleteRows(instanceId, deletes.slice(0, room).map(([, e]) => e.rowKey as string));
    }
    await this.deleteRows(instanceId, deletes.slice(room).map(([, e]) => e.rowKey as string));
  }

  /** The committed state of an instance (the `~state` row), if an episode ever committed. */
  async readState(instanceId: string): Promise<InstanceState | undefined> {
    try {
      const row = await this.history.getEntity<Record<string, unknown>>(instanceId, STATE_ROW);
      return InstanceState.parse(JSON.parse(await this.decode("State", row)));
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return undefined;
      throw err;
    }
  }

  // ---- inbox -----------------------------------------------------------------------------

  async putInbox(instanceId: string, msg: InboxMessage): Promise<void> {
    const rowKey = `~inbox:${msg.key}`;
    const entity: Row = {
      partitionKey: instanceId,
      rowKey,
      ...(await this.encode("Message", JSON.stringify(msg), `inbox/${instanceId}/${msg.key}`)),
    };
    await this.history.upsertEntity(entity, "Replace");
  }

  async readInbox(instanceId: string): Promise<InboxMessage[]> {
    const filter = `PartitionKey eq '${odataQuote(instanceId)}' and RowKey ge '~inbox:' and RowKey lt '~inbox;'`;
    const out: InboxMessage[] = [];
    for await (const row of this.history.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      out.push(InboxMessage.parse(JSON.parse(await this.decode("Message", row))));
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async deleteInbox(instanceId: string, keys: string[]): Promise<void> {
    await this.deleteRows(instanceId, keys.map((k) => `~inbox:${k}`));
  }

  // ---- helpers ---------------------------------------------------------------------------

  private async deleteRows(partitionKey: string, rowKeys: string[]): Promise<void> {
    await this.submit(
      partitionKey,
      rowKeys.map((rowKey) => ["delete", { partitionKey, rowKey }] as TransactionAction),
      true,
    );
  }

  private async submit(partitionKey: string, actions: TransactionAction[], tolerateMissing = false): Promise<void> {
    for (let i = 0; i < actions.length; i += BATCH) {
      const slice = actions.slice(i, i + BATCH);
      if (slice.length === 1) {
        const [kind, entity] = slice[0]!;
        if (kind === "delete") await this.history.deleteEntity(partitionKey, entity.rowKey as string).catch(ignore404);
        else await this.history.upsertEntity(entity as Row, "Replace");
        continue;
      }
      const tx = new TableTransaction(slice);
      try {
        await this.history.submitTransaction(tx.actions);
      } catch (err) {
        if (!tolerateMissing) throw err;
        // one missing row fails the whole batch: fall back to row-by-row deletes
        for (const [, entity] of slice) await this.history.deleteEntity(partitionKey, entity.rowKey as string).catch(ignore404);
      }
    }
  }

  private async encode(prop: string, text: string, blobName: string): Promise<Record<string, string | number>> {
    if (text.length <= CHUNK_CHARS) return { [prop]: text };
    if (text.length <= CHUNK_CHARS * MAX_CHUNKS) {
      const out: Record<string, string | number> = { [`${prop}Chunks`]: Math.ceil(text.length / CHUNK_CHARS) };
      for (let i = 0; i * CHUNK_CHARS < text.length; i++) out[`${prop}${i}`] = text.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS);
      return out;
    }
    const blob = this.container.getBlockBlobClient(`${blobName}.json`);
    await blob.upload(text, Buffer.byteLength(text), { blobHTTPHeaders: { blobContentType: "application/json" } });
    return { [`${prop}Blob`]: blob.name };
  }

  private async decode(prop: string, row: Record<string, unknown>): Promise<string> {
    if (typeof row[prop] === "string") return row[prop] as string;
    const chunks = row[`${prop}Chunks`];
    if (typeof chunks === "number") {
      let s = "";
      for (let i = 0; i < chunks; i++) s += row[`${prop}${i}`] as string;
      return s;
    }
    const blobName = row[`${prop}Blob`];
    if (typeof blobName === "string") {
      const buf = await this.container.getBlockBlobClient(blobName).downloadToBuffer();
      return buf.toString("utf8");
    }
    throw new Error(`stored row ${String(row.partitionKey)}/${String(row.rowKey)} has no ${prop}`);
  }
}

function odataQuote(s: string): string {
  return s.replace(/'/g, "''");
}

function ignore404(err: unknown): void {
  if ((err as { statusCode?: number }).statusCode !== 404) throw err;
}
