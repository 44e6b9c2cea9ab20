import { fitText } from "./fitText";
import type { TextLimit } from "./tableLimits";

/** `text` in as few slices within `limit` as fitText allows (one empty slice for ""); joined, they are `text` again. */
export function splitText(text: string, limit: TextLimit): string[] {
  if (text === "") return [""];
  const parts: string[] = [];
  for (let start = 0; start < text.length; ) {
    const end = fitText(text, start, limit);
    if (end === start) throw new RangeError(`a text limit of ${limit.units} units / ${limit.bytes} bytes cannot hold one code point`);
    parts.push(text.slice(start, end));
    start = end;
  }
  return parts;
}
