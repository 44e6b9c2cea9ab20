import { createReadStream, createWriteStream, promises as fs } from "node:fs";
import path from "node:path";
import { once } from "node:events";
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

/** Writes an estate (atomically: temp file + rename). Big estates: pass resources as an iterable. */
export async function writeEstateFile(file: string, header: Omit<EstateJson, "resources">, resources: Iterable<ArmResource>): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const out = createWriteStream(tmp, { encoding: "utf8" });
  for (const chunk of estateChunks(header, resources)) {
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  await fs.rename(tmp, file);
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

/** Saves the state to `<dataDir>/estate.json` a moment after changes (debounced; one save at a time). */
export class Persister {
  private timer?: NodeJS.Timeout;
  private saving?: Promise<void>;
  private dirty = false;
  private lastSaveMs = 0;
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

  async save(): Promise<void> {
    while (this.saving) await this.saving;
    if (!this.dirty) return;
    this.dirty = false;
    const state = this.getState();
    const started = Date.now();
    this.saving = writeEstateFile(this.file, state.toJsonHeader(), state.resources.values())
      .then(() => {
        this.lastError = undefined;
        this.lastSaveMs = Date.now() - started;
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
