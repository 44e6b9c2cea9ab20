// Key check as the Functions host does it: `x-functions-key` header or `code` query parameter.
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

export function hasValidKey(req: IncomingMessage, url: URL, expected: string): boolean {
  const header = req.headers["x-functions-key"];
  const offered = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get("code") ?? "";
  const a = Buffer.from(offered);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
