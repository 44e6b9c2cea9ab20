import { createReadStream } from "node:fs";
import type { ArmResource, EstateJson } from "../../local/arm/state/schemas";

const RESOURCES_OPEN = '"resources":[';

/**
 * Reads an estate file in the emulator's streaming layout (header line, then one resource per
 * line) whatever the header's length. local/arm's loader recognises the layout from the first
 * 64 KB only, and a 10,000-subscription header (subscriptions, cost records, budgets) is far
 * longer, so it falls back to one JSON.parse of the whole ~1 GB file, past V8's string limit.
 */
export async function readStreamedEstate(file: string): Promise<EstateJson> {
  let header: EstateJson | undefined;
  const resources: ArmResource[] = [];
  let lineNo = 0;
  const onLine = (line: string) => {
    lineNo++;
    if (!header) {
      if (!line.endsWith(RESOURCES_OPEN)) throw new Error(`${file}: line 1 does not end with '${RESOURCES_OPEN}' (not the streaming layout)`);
      const h = line.slice(0, -RESOURCES_OPEN.length);
      header = JSON.parse(h.endsWith(",") ? `${h.slice(0, -1)}}` : `${h}}`) as EstateJson;
      return;
    }
    if (line === "]}" || line === "") return;
    try {
      resources.push(JSON.parse(line.endsWith(",") ? line.slice(0, -1) : line) as ArmResource);
    } catch (err) {
      throw new Error(`${file}:${lineNo}: not a resource line: ${(err as Error).message}`);
    }
  };
  // The header line spans many chunks: keep them as buffers until its newline arrives.
  let pending: Buffer[] = [];
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer;
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
      if (pending.length) {
        pending.push(buf.subarray(start, nl));
        onLine(Buffer.concat(pending).toString("utf8"));
        pending = [];
      } else onLine(buf.toString("utf8", start, nl));
      start = nl + 1;
    }
    if (start < buf.length) pending.push(Buffer.from(buf.subarray(start)));
  }
  if (pending.length) onLine(Buffer.concat(pending).toString("utf8"));
  return { ...(header ?? {}), resources };
}
