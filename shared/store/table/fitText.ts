import type { TextLimit } from "./tableLimits";

/**
 * End of the longest slice of `text` from `start` within `limit`, counted both as UTF-16 units
 * and as UTF-8 bytes. It never ends between the two halves of a surrogate pair, so every slice is
 * text a service can encode as it is (a lone surrogate counts as the 3-byte U+FFFD UTF-8 writes).
 */
export function fitText(text: string, start: number, limit: TextLimit): number {
  let units = 0;
  let bytes = 0;
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    let n = 1;
    let b = 3;
    if (c < 0x80) b = 1;
    else if (c < 0x800) b = 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        n = 2;
        b = 4;
      }
    }
    if (units + n > limit.units || bytes + b > limit.bytes) break;
    units += n;
    bytes += b;
    i += n;
  }
  return i;
}
