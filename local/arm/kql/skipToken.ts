/** `$skipToken`: the request's query hash and the offset of the next page, base64 JSON. */
export interface SkipToken {
  h: string;
  o: number;
}

export function encodeSkipToken(t: SkipToken): string {
  return Buffer.from(JSON.stringify({ v: 1, ...t }), "utf8").toString("base64");
}

/** The decoded token, or undefined when it is not one of ours. */
export function decodeSkipToken(text: string): SkipToken | undefined {
  try {
    const v = JSON.parse(Buffer.from(text, "base64").toString("utf8")) as { v?: unknown; h?: unknown; o?: unknown };
    if (v.v !== 1 || typeof v.h !== "string" || typeof v.o !== "number" || !Number.isInteger(v.o) || v.o < 0) return undefined;
    return { h: v.h, o: v.o };
  } catch {
    return undefined;
  }
}
