import { randomBytes } from "node:crypto";

// Row keys that sort newest first: 13-digit (ms) complement of the timestamp, then a suffix that
// keeps keys unique within one millisecond. "-" < "." lets a since-filter cut at a timestamp.

const MAX = 9_999_999_999_999;

export function invertedTime(ms: number): string {
  return String(MAX - ms).padStart(13, "0");
}

export function invertedRowKey(ms: number, suffix: string = randomBytes(6).toString("hex")): string {
  return `${invertedTime(ms)}-${suffix}`;
}

/** RowKey upper bound (exclusive) selecting entries at or after `ms`. */
export function rowKeySinceBound(ms: number): string {
  return `${invertedTime(ms)}.`;
}

/** RowKey lower bound (inclusive) selecting entries at or before `ms`. */
export function rowKeyUntilBound(ms: number): string {
  return `${invertedTime(ms)}-`;
}
