import { createReadStream, promises as fs } from "node:fs";
import path from "node:path";
import { EstateState } from "./state/EstateState";
import type { ArmResource, EstateJson } from "./state/schemas";

// The estate file is JSON laid out with one resource per line after a header line:
//   {"version":1,...,"resources":[
//   {...},
//   {...}
//   ]}
// Any JSON reader can read it, and the loader streams it line by line, so a million resources
// never sit in memory as one giant string (V8 caps strings at about 512 MB anyway). Files in
// another layout are read with JSON.parse.

const RESOURCES_OPEN = '"resources":[';

/** The estate file's text in chunks of about 1 MB (for files and for the control API's export). */
export function* estateChunks(header: Omit<EstateJson, "resources">, resources: Iterable<ArmResource>): Generator<string> {
  const headerJson = JSON.stringify(header);
  let buf = (headerJson === "{}" ? "{" : headerJson.slice(0, -1) + ",") + RESOURCES_OPEN;
  let first = true;
  for (const r of resources) {
    buf += (first ? "\n" : ",\n") + JSON.stringify(r);
    first = false;
    if (buf.length > 1 << 20) {
      yield buf;
      buf = "";
    }
  }
  yield buf + "\n]}\n";
}

/**
 * Writes an estate atomically and durably: temp file, fsync, rename, fsync of the folder, so that
 * once it resolves a crash (SIGKILL, power loss) leaves the new file or, before, the old one.
 * Big estates: pass resources as an iterable.
 */
export async function writeEstateFile(file: string, header: Omit<EstateJson, "resources">, resources: Iterable<ArmResource>): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const out = await fs.open(tmp, "w");
  try {
    for (const chunk of estateChunks(header, resources)) await out.write(chunk, null, "utf8");
    await out.sync();
  } finally {
    await out.close();
  }
  await fs.rename(tmp, file);
  const dir = await fs.open(path.dirname(file), "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** @internal */
export async function readEstateFile(file: string): Promise<EstateJson> {
  if (!(await firstLineEndsWith(file, RESOURCES_OPEN))) return JSON.parse(await fs.readFile(file, "utf8")) as EstateJson;
  // Big chunks split by hand: readline's per-line async iteration is several times slower.
  let header: EstateJson | undefined;
  const resources: ArmResource[] = [];
  let lineNo = 0;
  const onLine = (line: string) => {
    lineNo++;
    if (!header) {
      const h = line.slice(0, -RESOURCES_OPEN.length);
      header = JSON.parse(h.endsWith(",") ? h.slice(0, -1) + "}" : h + "}") as EstateJson;
      return;
    }
    if (line === "]}" || line === "") return;
    try {
      resources.push(JSON.parse(line.endsWith(",") ? line.slice(0, -1) : line));
    } catch (err) {
      throw new Error(`${file}:${lineNo}: not a resource line: ${(err as Error).message}`);
    }
  };
  // Buffers, not strings: each line becomes a short-lived small string, so the garbage is
  // collected young instead of piling up hundreds of MB of chunk strings in the old generation.
  let rest: Buffer | undefined;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const buf: Buffer = rest ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
      onLine(buf.toString("utf8", start, nl));
      start = nl + 1;
    }
    rest = start < buf.length ? Buffer.from(buf.subarray(start)) : undefined;
  }
  if (rest) onLine(rest.toString("utf8"));
  return { ...(header ?? {}), resources };
}

/**
 * Whether the file's first line ends with `suffix`, found without reading that line into memory:
 * a large estate's header line (subscriptions, cost records, budgets) runs to hundreds of MB.
 * @internal
 */
export async function firstLineEndsWith(file: string, suffix: string): Promise<boolean> {
  const tail = Buffer.from(suffix, "utf8");
  let kept = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer;
    const nl = buf.indexOf(10);
    const upTo = nl >= 0 ? buf.subarray(0, nl) : buf;
    kept = Buffer.concat([kept, upTo]).subarray(-tail.length);
    if (nl >= 0) return kept.equals(tail);
  }
  return kept.equals(tail);
}

export async function loadEstate(source: EstateJson | string): Promise<EstateState> {
  return new EstateState(typeof source === "string" ? await readEstateFile(source) : source);
}

/** Where a saved estate keeps its cost records and accrual progress: `estate.json` -> `estate.costs.json`. */
function costsFileOf(file: string): string {
  return file.replace(/\.json$/i, "") + ".costs.json";
}

/** A state saved by Persister: the estate file, with the cost records from their own file when there is one. */
export async function loadSavedEstate(file: string): Promise<EstateState> {
  const estate = await readEstateFile(file);
  const costs = costsFileOf(file);
  const saved = await fs.readFile(costs, "utf8").catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return undefined;
    throw err;
  });
  if (saved !== undefined) Object.assign(estate, JSON.parse(saved) as Pick<EstateJson, "costRecords" | "accrual">);
  return new EstateState(estate);
}

async function writeDurably(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const out = await fs.open(tmp, "w");
  try {
    await out.write(text, null, "utf8");
    await out.sync();
  } finally {
    await out.close();
  }
  await fs.rename(tmp, file);
}

/**
 * Saves the state to `<dataDir>/estate.json`: durably before an acknowledged write is answered
 * (durable(): concurrent writes share one save), and a moment after other changes (schedule(),
 * debounced: clock-driven accrual, settling operations). The cost records (most of a demo
 * estate's bytes, only ever appended to, changed by the clock and not by ARM writes) and the
 * accrual progress that goes with them live in `estate.costs.json`, rewritten only when they
 * changed, so a save of the demo estate takes milliseconds. An estate whose save takes longer than
 * DURABLE_MAX_SAVE_MS (generated estates of 100k+ resources) is saved debounced only, with a warning.
 */
export class Persister {
  private timer?: NodeJS.Timeout;
  private saving?: Promise<void>;
  private dirty = false;
  private lastSaveMs = 0;
  private costsSaved?: { records: unknown[]; length: number; accrual: string };
  private warned = false;
  lastError?: string;

  constructor(private readonly file: string, private readonly getState: () => EstateState, private readonly debounceMs = 50) {}

  schedule(): void {
    this.dirty = true;
    if (this.timer) return;
    // A big estate takes seconds to write: wait at least twice the last save so that a stream
    // of changes does not keep the process busy rewriting the file.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, Math.max(this.debounceMs, this.lastSaveMs * 2));
  }

  /** Resolves once a save that began after this call has reached the disk (throws if it failed). */
  async durable(): Promise<void> {
    if (this.lastSaveMs > DURABLE_MAX_SAVE_MS) {
      if (!this.warned) process.emitWarning(`ARM emulator: saving the estate takes ${this.lastSaveMs} ms; writes are saved in the background, not before they are answered`);
      this.warned = true;
      return this.schedule();
    }
    this.dirty = true;
    await this.save();
    if (this.lastError) throw new Error(`the estate could not be saved: ${this.lastError}`);
  }

  private async write(state: EstateState): Promise<void> {
    const { costRecords, accrual, ...header } = state.toJsonHeader();
    const accrualJson = JSON.stringify(accrual ?? null);
    const saved = this.costsSaved;
    if (saved?.records !== costRecords || saved.length !== costRecords.length || saved.accrual !== accrualJson) {
      // Before the estate file: a crash in between leaves costs newer than the estate, never an
      // estate whose accrual progress claims records the costs file lacks.
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      await writeDurably(costsFileOf(this.file), JSON.stringify({ costRecords, ...(accrual ? { accrual } : {}) }));
      this.costsSaved = { records: costRecords, length: costRecords.length, accrual: accrualJson };
    }
    // Timed alone: the costs file is rewritten on clock changes, not per write.
    const started = Date.now();
    await writeEstateFile(this.file, header, state.resources.values());
    this.lastSaveMs = Date.now() - started;
  }

  async save(): Promise<void> {
    while (this.saving) await this.saving;
    if (!this.dirty) return;
    this.dirty = false;
    this.saving = this.write(this.getState())
      .then(() => {
        this.lastError = undefined;
      })
      .catch((err: unknown) => {
        this.lastError = err instanceof Error ? err.message : String(err);
        this.dirty = true;
      })
      .finally(() => { this.saving = undefined; });
    await this.saving;
  }

  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    await this.save();
  }
}

const DURABLE_MAX_SAVE_MS = 1_000;
