/**
 * Runtime values of the engine: JSON values as they sit in rows (strings, numbers, booleans,
 * null, arrays, objects), plus `Date` for datetime and `Timespan` for timespan. Null stands for
 * every Kusto null (a missing property, `dynamic(null)`, `int(null)`).
 */
export class Timespan {
  constructor(readonly ms: number) {}

  /** Kusto's text form: [-][d.]hh:mm:ss[.fffffff]. */
  toString(): string {
    let ms = this.ms;
    const sign = ms < 0 ? "-" : "";
    ms = Math.abs(ms);
    const days = Math.floor(ms / 86_400_000);
    ms -= days * 86_400_000;
    const h = Math.floor(ms / 3_600_000);
    ms -= h * 3_600_000;
    const m = Math.floor(ms / 60_000);
    ms -= m * 60_000;
    const s = Math.floor(ms / 1000);
    const frac = ms - s * 1000;
    const pad = (n: number) => String(n).padStart(2, "0");
    const fracText = frac > 0 ? `.${String(Math.round(frac * 10_000)).padStart(7, "0")}` : "";
    return `${sign}${days > 0 ? `${days}.` : ""}${pad(h)}:${pad(m)}:${pad(s)}${fracText}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

export type Row = Record<string, unknown>;

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Timespan);
}

/** Parses the ISO-8601 forms Resource Graph stores; null when the text is not a date. */
export function parseDatetime(text: string): Date | null {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return null;
  // Kusto reads a zone-less datetime as UTC; JS would read it as local time.
  const withZone = /([zZ]|[+-]\d{2}:?\d{2})$/.test(t) || t.length === 10 ? t : `${t}Z`;
  // More than millisecond precision is legal in Kusto (7 digits); JS parses at most 3.
  const trimmed = withZone.replace(/(\.\d{3})\d+/, "$1");
  const d = new Date(trimmed.replace(" ", "T"));
  return Number.isNaN(d.getTime()) ? null : d;
}

const SPAN_UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** Parses `1.02:03:04.5`, `02:03:04`, or `1d`/`2h`/`30m`/`10s`/`5ms`; null when not a timespan. */
export function parseTimespan(text: string): Timespan | null {
  const t = text.trim();
  const unit = /^(-?\d+(?:\.\d+)?)(d|h|m|s|ms)$/.exec(t);
  if (unit) return new Timespan(Number(unit[1]) * SPAN_UNIT_MS[unit[2]]);
  const clock = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/.exec(t);
  if (!clock) return null;
  const [, neg, d, h, m, s, f] = clock;
  const ms =
    Number(d ?? 0) * 86_400_000 + Number(h) * 3_600_000 + Number(m) * 60_000 + Number(s ?? 0) * 1000 +
    (f ? Number(`0.${f}`) * 1000 : 0);
  return new Timespan(neg ? -ms : ms);
}

/** Kusto's tostring(): null -> "", dynamic -> compact JSON, datetime -> ISO. */
export function toKqlString(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Timespan) return v.toString();
  return JSON.stringify(v);
}

/** Numeric view of a value for arithmetic and ordering, or null. */
export function toNumber(v: unknown): number | null {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") {
    if (v.trim() === "") return null;
    const n = Number(v);
    return Number.isNaN(n) ? null : n;
  }
  if (v instanceof Date) return v.getTime();
  if (v instanceof Timespan) return v.ms;
  return null;
}

/** Datetime view: Date stays, ISO strings parse, numbers are not dates. */
export function toDate(v: unknown): Date | null {
  if (v instanceof Date) return v;
  if (typeof v === "string") return parseDatetime(v);
  return null;
}

/**
 * Three-way comparison used by `<`, `>`, sort and min/max. Returns null when the values are not
 * comparable (either is null), which comparisons turn into a null (false) result.
 */
export function compareValues(a: unknown, b: unknown): number | null {
  if (a === null || a === undefined || b === null || b === undefined) return null;
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Date || b instanceof Date) {
    const da = toDate(a);
    const db = toDate(b);
    if (!da || !db) return null;
    return Math.sign(da.getTime() - db.getTime());
  }
  if (a instanceof Timespan || b instanceof Timespan) {
    const ta = a instanceof Timespan ? a.ms : typeof a === "string" ? parseTimespan(a)?.ms : null;
    const tb = b instanceof Timespan ? b.ms : typeof b === "string" ? parseTimespan(b)?.ms : null;
    if (ta === null || ta === undefined || tb === null || tb === undefined) return null;
    return Math.sign(ta - tb);
  }
  if (typeof a === "number" || typeof b === "number") {
    const na = toNumber(a);
    const nb = toNumber(b);
    if (na === null || nb === null) return null;
    return na < nb ? -1 : na > nb ? 1 : 0;
  }
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  const sa = toKqlString(a);
  const sb = toKqlString(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Kusto `==` on non-null values: numbers by value, datetimes by instant, dynamic by JSON. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "string" && typeof b === "string") return false;
  if (typeof a === "number" && typeof b === "number") return a === b;
  if (a instanceof Date || b instanceof Date || a instanceof Timespan || b instanceof Timespan) {
    return compareValues(a, b) === 0;
  }
  if (typeof a === "number" || typeof b === "number") {
    const na = toNumber(a);
    const nb = toNumber(b);
    return na !== null && na === nb;
  }
  if (typeof a === "boolean" || typeof b === "boolean") {
    return toKqlString(a).toLowerCase() === toKqlString(b).toLowerCase();
  }
  return toKqlString(a) === toKqlString(b);
}

/** A stable text key for grouping and distinct (objects by JSON, strings tagged apart from numbers). */
export function groupKey(v: unknown): string {
  if (v === null || v === undefined) return "\u0000n";
  if (typeof v === "string") return `s${v}`;
  if (typeof v === "number") return `d${v}`;
  if (typeof v === "boolean") return `b${v}`;
  if (v instanceof Date) return `t${v.getTime()}`;
  if (v instanceof Timespan) return `p${v.ms}`;
  return `j${JSON.stringify(v)}`;
}

export function isEmptyValue(v: unknown): boolean {
  return v === null || v === undefined || v === "";
}
