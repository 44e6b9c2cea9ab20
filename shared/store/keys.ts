import { createHash } from "node:crypto";

// Table Storage forbids / \ # ? and control characters in PartitionKey/RowKey, and ARM ids are
// full of "/". Every character outside [A-Za-z0-9._-] becomes ~XX (UTF-8 hex), which is
// reversible and keeps lexical order of plain ASCII prefixes. Keys are capped at 1 KiB, so a very
// long value is replaced by a readable head plus its SHA-256 (still unique, no longer decodable;
// every store keeps the original value as a property).

const MAX_KEY_CHARS = 512;

export function encodeKey(value: string): string {
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9._-]/.test(c) ? c : "~" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  if (out.length <= MAX_KEY_CHARS) return out;
  return out.slice(0, MAX_KEY_CHARS - 66) + "!" + hashKey(value, 64);
}

/**
 * A key composed of encoded parts, within the same 512-character limit: unchanged when it fits (so
 * every key that could ever be stored keeps its row), else its head plus the SHA-256 of the whole.
 */
export function boundKey(key: string): string {
  if (key.length <= MAX_KEY_CHARS) return key;
  return key.slice(0, MAX_KEY_CHARS - 66) + "!" + hashKey(key, 64);
}

/** @internal */
export function decodeKey(key: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < key.length; i++) {
    if (key[i] === "~") {
      bytes.push(parseInt(key.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(key.charCodeAt(i));
  }
  return Buffer.from(bytes).toString("utf8");
}

export function hashKey(value: string, length = 16): string {
  return createHash("sha256").update(value).digest("hex").slice(0, length);
}

/** Subscription GUID from an ARM id, or undefined for tenant/management-group scopes. */
export function subscriptionOf(resourceId: string): string | undefined {
  const m = /^\/subscriptions\/([^/]+)/i.exec(resourceId);
  return m ? m[1].toLowerCase() : undefined;
}

/** Escape a value for an OData string literal in a $filter. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
