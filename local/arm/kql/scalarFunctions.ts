import type { Expr } from "./ast";
import { KqlError } from "./KqlError";
import { safeRegex } from "./safeRegex";
import {
  compareValues, isEmptyValue, isPlainObject, parseDatetime, parseTimespan, Timespan, toDate, toKqlString, toNumber,
  type Row,
} from "./values";

export type Fn = (row: Row) => unknown;

export interface BuildContext {
  /** The query's `now()`: evaluated once per query, as Kusto does. */
  now: Date;
}

export interface ScalarFunction {
  min: number;
  max: number;
  build(args: Fn[], ctx: BuildContext, exprs: Expr[]): Fn;
}

const unary = (f: (v: unknown) => unknown): ScalarFunction => ({
  min: 1,
  max: 1,
  build: ([a]) => (row) => f(a(row)),
});
const binary = (f: (a: unknown, b: unknown) => unknown): ScalarFunction => ({
  min: 2,
  max: 2,
  build: ([a, b]) => (row) => f(a(row), b(row)),
});

function toInt(v: unknown): number | null {
  if (typeof v === "string") {
    const n = Number(v.trim());
    return v.trim() === "" || Number.isNaN(n) ? null : Math.trunc(n);
  }
  const n = toNumber(v);
  return n === null || Number.isNaN(n) ? null : Math.trunc(n);
}

function toReal(v: unknown): number | null {
  if (v instanceof Date || v instanceof Timespan) return null;
  const n = toNumber(v);
  return n === null ? null : n;
}

function toBool(v: unknown): boolean | null {
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string") {
    const s = v.trim().toLowerCase();
    if (s === "true" || s === "1") return true;
    if (s === "false" || s === "0") return false;
  }
  return null;
}

function toTimespan(v: unknown): Timespan | null {
  if (v instanceof Timespan) return v;
  if (typeof v === "string") return parseTimespan(v);
  if (typeof v === "number") return new Timespan(v / 10_000); // ticks
  return null;
}

function parseJson(v: unknown): unknown {
  if (typeof v !== "string") return v ?? null;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

/** bin(value, roundTo): numbers, datetimes (from the epoch) and timespans. */
function bin(v: unknown, size: unknown): unknown {
  if (v === null || v === undefined || size === null || size === undefined) return null;
  if (v instanceof Date || (typeof v === "string" && size instanceof Timespan)) {
    const d = toDate(v);
    if (!d || !(size instanceof Timespan) || size.ms <= 0) return null;
    return new Date(Math.floor(d.getTime() / size.ms) * size.ms);
  }
  if (v instanceof Timespan) {
    const s = size instanceof Timespan ? size.ms : toNumber(size);
    if (!s || s <= 0) return null;
    return new Timespan(Math.floor(v.ms / s) * s);
  }
  const n = toNumber(v);
  const s = toNumber(size);
  if (n === null || s === null || s <= 0) return null;
  return Math.floor(n / s) * s;
}

function startOfDay(v: unknown): Date | null {
  const d = toDate(v);
  return d ? new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())) : null;
}

const DATETIME_PART_MS: Record<string, number> = {
  week: 604_800_000, day: 86_400_000, hour: 3_600_000, minute: 60_000, second: 1000, millisecond: 1,
};

/** datetime_diff(part, a, b): number of `part` boundaries between b and a. */
function datetimeDiff(part: unknown, a: unknown, b: unknown): number | null {
  const da = toDate(a);
  const db = toDate(b);
  if (!da || !db || typeof part !== "string") return null;
  const p = part.toLowerCase();
  if (p === "year") return da.getUTCFullYear() - db.getUTCFullYear();
  if (p === "quarter") {
    return (da.getUTCFullYear() - db.getUTCFullYear()) * 4 + Math.floor(da.getUTCMonth() / 3) - Math.floor(db.getUTCMonth() / 3);
  }
  if (p === "month") return (da.getUTCFullYear() - db.getUTCFullYear()) * 12 + da.getUTCMonth() - db.getUTCMonth();
  const unit = DATETIME_PART_MS[p];
  if (!unit) return null;
  if (p === "week") {
    // Weeks start on Sunday in Kusto.
    const sa = startOfDay(da)!.getTime() - da.getUTCDay() * 86_400_000;
    const sb = startOfDay(db)!.getTime() - db.getUTCDay() * 86_400_000;
    return Math.round((sa - sb) / unit);
  }
  return Math.floor(da.getTime() / unit) - Math.floor(db.getTime() / unit);
}

function datetimeAdd(part: unknown, amount: unknown, v: unknown): Date | null {
  const d = toDate(v);
  const n = toInt(amount);
  if (!d || n === null || typeof part !== "string") return null;
  const p = part.toLowerCase();
  const r = new Date(d.getTime());
  if (p === "year") r.setUTCFullYear(r.getUTCFullYear() + n);
  else if (p === "quarter") r.setUTCMonth(r.getUTCMonth() + 3 * n);
  else if (p === "month") r.setUTCMonth(r.getUTCMonth() + n);
  else if (DATETIME_PART_MS[p]) return new Date(d.getTime() + n * DATETIME_PART_MS[p]);
  else return null;
  return r;
}

/** format_datetime with the common specifiers (yyyy MM dd HH hh mm ss fff tt). */
function formatDatetime(v: unknown, fmt: unknown): string {
  const d = toDate(v);
  if (!d || typeof fmt !== "string") return "";
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return fmt.replace(/yyyy|yy|MM|M|dd|d|HH|H|hh|h|mm|m|ss|s|fffffff|ffffff|fffff|ffff|fff|ff|f|tt/g, (tok) => {
    switch (tok) {
      case "yyyy": return pad(d.getUTCFullYear(), 4);
      case "yy": return pad(d.getUTCFullYear() % 100);
      case "MM": return pad(d.getUTCMonth() + 1);
      case "M": return String(d.getUTCMonth() + 1);
      case "dd": return pad(d.getUTCDate());
      case "d": return String(d.getUTCDate());
      case "HH": return pad(d.getUTCHours());
      case "H": return String(d.getUTCHours());
      case "hh": return pad(d.getUTCHours() % 12 || 12);
      case "h": return String(d.getUTCHours() % 12 || 12);
      case "mm": return pad(d.getUTCMinutes());
      case "m": return String(d.getUTCMinutes());
      case "ss": return pad(d.getUTCSeconds());
      case "s": return String(d.getUTCSeconds());
      case "tt": return d.getUTCHours() < 12 ? "AM" : "PM";
      default: return pad(d.getUTCMilliseconds(), 3).padEnd(tok.length, "0").slice(0, tok.length);
    }
  });
}

function substring(s: unknown, start: unknown, len?: unknown): string {
  const text = toKqlString(s);
  const st = Math.max(0, toInt(start) ?? 0);
  if (len === undefined) return text.slice(st);
  const l = toInt(len);
  return l === null ? text.slice(st) : text.slice(st, st + Math.max(0, l));
}

function split(s: unknown, delim: unknown, index?: unknown): unknown {
  const parts = toKqlString(s).split(toKqlString(delim));
  if (index === undefined) return parts;
  const i = toInt(index);
  if (i === null || i < 0 || i >= parts.length) return [];
  return [parts[i]];
}

function packPairs(vals: unknown[]): Record<string, unknown> {
  const bag: Record<string, unknown> = {};
  for (let i = 0; i + 1 < vals.length; i += 2) bag[toKqlString(vals[i])] = vals[i + 1] ?? null;
  return bag;
}

function arrayLength(v: unknown): number | null {
  return Array.isArray(v) ? v.length : null;
}

function gettype(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "long" : "real";
  if (v instanceof Date) return "datetime";
  if (v instanceof Timespan) return "timespan";
  return Array.isArray(v) ? "array" : "dictionary";
}

function trimWith(mode: "both" | "start" | "end"): ScalarFunction {
  return {
    min: 2,
    max: 2,
    build: ([, s], _ctx, exprs) => {
      const pattern = exprs[0].k === "lit" && typeof exprs[0].v === "string" ? exprs[0].v : null;
      if (pattern === null) throw new KqlError("InvalidArgument", "trim() needs a constant regular expression.", "trim", exprs[0].at.line, exprs[0].at.col);
      const src = mode === "start" ? `^(?:${pattern})+` : mode === "end" ? `(?:${pattern})+$` : `^(?:${pattern})+|(?:${pattern})+$`;
      const rx = safeRegex(src, exprs[0].at, "g");
      return (row) => toKqlString(s(row)).replace(rx, "");
    },
  };
}

export const SCALAR_FUNCTIONS: Record<string, ScalarFunction> = {
  isempty: unary(isEmptyValue),
  isnotempty: unary((v) => !isEmptyValue(v)),
  isnull: unary((v) => v === null || v === undefined),
  isnotnull: unary((v) => v !== null && v !== undefined),
  not: unary((v) => (v === null || v === undefined ? null : !(v === true))),
  tolower: unary((v) => toKqlString(v).toLowerCase()),
  toupper: unary((v) => toKqlString(v).toUpperCase()),
  tostring: unary(toKqlString),
  toint: unary(toInt),
  tolong: unary(toInt),
  todouble: unary(toReal),
  toreal: unary(toReal),
  todecimal: unary(toReal),
  tobool: unary(toBool),
  toboolean: unary(toBool),
  todatetime: unary((v) => (v instanceof Date ? v : typeof v === "string" ? parseDatetime(v) : null)),
  totimespan: unary(toTimespan),
  totime: unary(toTimespan),
  todynamic: unary(parseJson),
  parse_json: unary(parseJson),
  gettype: unary(gettype),
  strlen: unary((v) => toKqlString(v).length),
  array_length: unary(arrayLength),
  bag_keys: unary((v) => (isPlainObject(v) ? Object.keys(v) : null)),
  abs: unary((v) => {
    const n = toNumber(v);
    return n === null ? null : Math.abs(n);
  }),
  ceiling: unary((v) => {
    const n = toNumber(v);
    return n === null ? null : Math.ceil(n);
  }),
  startofday: unary(startOfDay),
  endofday: unary((v) => {
    const d = startOfDay(v);
    return d ? new Date(d.getTime() + 86_400_000 - 1) : null;
  }),
  startofmonth: unary((v) => {
    const d = toDate(v);
    return d ? new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)) : null;
  }),
  startofweek: unary((v) => {
    const d = startOfDay(v);
    return d ? new Date(d.getTime() - d.getUTCDay() * 86_400_000) : null;
  }),
  startofyear: unary((v) => {
    const d = toDate(v);
    return d ? new Date(Date.UTC(d.getUTCFullYear(), 0, 1)) : null;
  }),
  dayofweek: unary((v) => {
    const d = toDate(v);
    return d ? new Timespan(d.getUTCDay() * 86_400_000) : null;
  }),
  getyear: unary((v) => toDate(v)?.getUTCFullYear() ?? null),
  getmonth: unary((v) => {
    const d = toDate(v);
    return d ? d.getUTCMonth() + 1 : null;
  }),
  reverse: unary((v) => (v === null || v === undefined ? "" : [...toKqlString(v)].reverse().join(""))),
  pack_array: { min: 0, max: 64, build: (args) => (row) => args.map((a) => a(row) ?? null) },
  round: {
    min: 1,
    max: 2,
    build: ([a, p]) => (row) => {
      const n = toNumber(a(row));
      if (n === null) return null;
      const f = 10 ** (p ? toInt(p(row)) ?? 0 : 0);
      return Math.round(n * f) / f;
    },
  },
  ago: {
    min: 1,
    max: 1,
    build: ([a], ctx) => (row) => {
      const t = toTimespan(a(row));
      return t ? new Date(ctx.now.getTime() - t.ms) : null;
    },
  },
  now: {
    min: 0,
    max: 1,
    build: (args, ctx) => (row) => {
      const t = args[0] ? toTimespan(args[0](row)) : null;
      return new Date(ctx.now.getTime() + (t ? t.ms : 0));
    },
  },
  iff: {
    min: 3,
    max: 3,
    build: ([c, t, f]) => (row) => (c(row) === true ? t(row) : f(row)),
  },
  case: {
    min: 3,
    max: 201,
    build: (args, _ctx, exprs) => {
      if (args.length % 2 === 0) {
        const at = exprs[exprs.length - 1].at;
        throw new KqlError("InvalidArgument", "case() expects pairs of predicate and value followed by an else value.", at.text, at.line, at.col);
      }
      const last = args[args.length - 1];
      return (row) => {
        for (let i = 0; i + 1 < args.length; i += 2) if (args[i](row) === true) return args[i + 1](row);
        return last(row);
      };
    },
  },
  coalesce: {
    min: 2,
    max: 64,
    build: (args) => (row) => {
      for (const a of args) {
        const v = a(row);
        if (v !== null && v !== undefined && v !== "") return v;
      }
      return null;
    },
  },
  strcat: { min: 1, max: 64, build: (args) => (row) => args.map((a) => toKqlString(a(row))).join("") },
  strcat_delim: {
    min: 3,
    max: 64,
    build: ([d, ...rest]) => (row) => rest.map((a) => toKqlString(a(row))).join(toKqlString(d(row))),
  },
  strcat_array: binary((arr, d) => (Array.isArray(arr) ? arr.map(toKqlString).join(toKqlString(d)) : "")),
  split: { min: 2, max: 3, build: ([s, d, i]) => (row) => split(s(row), d(row), i ? i(row) : undefined) },
  substring: { min: 2, max: 3, build: ([s, st, l]) => (row) => substring(s(row), st(row), l ? l(row) : undefined) },
  indexof: {
    min: 2,
    max: 3,
    build: ([s, n, st]) => (row) => {
      const text = toKqlString(s(row));
      return text.indexOf(toKqlString(n(row)), st ? Math.max(0, toInt(st(row)) ?? 0) : 0);
    },
  },
  replace_string: {
    min: 3,
    max: 3,
    build: ([s, f, r]) => (row) => toKqlString(s(row)).split(toKqlString(f(row))).join(toKqlString(r(row))),
  },
  replace_regex: {
    min: 3,
    max: 3,
    build: ([s, , r], _ctx, exprs) => {
      const rx = constRegex(exprs[1], "replace_regex", "g");
      return (row) => toKqlString(s(row)).replace(rx, toKqlString(r(row)).replace(/\\(\d)/g, "$$$1"));
    },
  },
  extract: {
    min: 3,
    max: 4,
    build: ([, g, s], _ctx, exprs) => {
      const rx = constRegex(exprs[0], "extract", "");
      return (row) => {
        const m = rx.exec(toKqlString(s(row)));
        const gi = toInt(g(row)) ?? 0;
        return m && m[gi] !== undefined ? m[gi] : "";
      };
    },
  },
  trim: trimWith("both"),
  trim_start: trimWith("start"),
  trim_end: trimWith("end"),
  countof: {
    min: 2,
    max: 2,
    build: ([s, n]) => (row) => {
      const text = toKqlString(s(row));
      const needle = toKqlString(n(row));
      if (!needle) return 0;
      let c = 0;
      for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) c++;
      return c;
    },
  },
  pack: { min: 0, max: 128, build: (args) => (row) => packPairs(args.map((a) => a(row))) },
  bag_pack: { min: 0, max: 128, build: (args) => (row) => packPairs(args.map((a) => a(row))) },
  bag_merge: {
    min: 1,
    max: 64,
    build: (args) => (row) => {
      const out: Record<string, unknown> = {};
      for (const a of args) {
        const v = a(row);
        if (isPlainObject(v)) for (const [k, x] of Object.entries(v)) if (!(k in out)) out[k] = x;
      }
      return out;
    },
  },
  array_concat: {
    min: 1,
    max: 64,
    build: (args) => (row) => {
      const out: unknown[] = [];
      for (const a of args) {
        const v = a(row);
        if (!Array.isArray(v)) return null;
        out.push(...v);
      }
      return out;
    },
  },
  array_index_of: binary((arr, v) => (Array.isArray(arr) ? arr.findIndex((x) => compareValues(x, v) === 0) : null)),
  set_has_element: binary((arr, v) => (Array.isArray(arr) ? arr.some((x) => compareValues(x, v) === 0) : null)),
  array_slice: {
    min: 3,
    max: 3,
    build: ([a, s, e]) => (row) => {
      const arr = a(row);
      if (!Array.isArray(arr)) return null;
      const n = arr.length;
      let st = toInt(s(row)) ?? 0;
      let en = toInt(e(row)) ?? n - 1;
      if (st < 0) st += n;
      if (en < 0) en += n;
      return arr.slice(Math.max(0, st), Math.min(n, en + 1));
    },
  },
  bin: binary(bin),
  floor: binary(bin),
  datetime_diff: { min: 3, max: 3, build: ([p, a, b]) => (row) => datetimeDiff(p(row), a(row), b(row)) },
  datetime_add: { min: 3, max: 3, build: ([p, n, d]) => (row) => datetimeAdd(p(row), n(row), d(row)) },
  format_datetime: binary(formatDatetime),
  max_of: {
    min: 2,
    max: 64,
    build: (args) => (row) => args.map((a) => a(row)).reduce((m: unknown, v) => (m === null || (compareValues(v, m) ?? -1) > 0 ? v : m), null),
  },
  min_of: {
    min: 2,
    max: 64,
    build: (args) => (row) => args.map((a) => a(row)).reduce((m: unknown, v) => (m === null || (compareValues(v, m) ?? 1) < 0 ? v : m), null),
  },
};
SCALAR_FUNCTIONS.iif = SCALAR_FUNCTIONS.iff;

function constRegex(e: Expr, fn: string, flags: string): RegExp {
  if (e.k !== "lit" || typeof e.v !== "string") {
    throw new KqlError("InvalidArgument", `${fn}() needs a constant regular expression.`, e.at.text, e.at.line, e.at.col);
  }
  return safeRegex(e.v, e.at, flags);
}
