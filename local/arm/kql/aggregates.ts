import type { Expr } from "./ast";
import { KqlError } from "./KqlError";
import type { Fn } from "./scalarFunctions";
import { compareValues, groupKey, isPlainObject, toNumber, type Row } from "./values";

/** One aggregation's running state for one group. */
export interface Accumulator {
  step(row: Row): void;
  /** The output values, one per output column of this aggregation. */
  result(): unknown[];
}

export interface AggregateSpec {
  /** Output column names (one, except arg_max/arg_min which yield several). */
  names: string[];
  create(): Accumulator;
}

interface AggregateDef {
  min: number;
  max: number;
  /** Default column name prefix: count() -> count_, sum(x) -> sum_x, make_set(x) -> set_x. */
  prefix: string;
  make(args: Fn[]): () => Accumulator;
}

const notNull = (v: unknown) => v !== null && v !== undefined;

function extremum(sign: 1 | -1, conditional = false): (args: Fn[]) => () => Accumulator {
  return ([a, p]) => () => {
    let best: unknown = null;
    return {
      step(row) {
        if (conditional && p(row) !== true) return;
        const v = a(row);
        if (!notNull(v)) return;
        if (best === null || (compareValues(v, best) ?? 0) * sign > 0) best = v;
      },
      result: () => [best],
    };
  };
}

function collect(unique: boolean, conditional: boolean): (args: Fn[]) => () => Accumulator {
  return ([a, second, third]) => () => {
    const out: unknown[] = [];
    const seen = new Set<string>();
    const pred = conditional ? second : undefined;
    const limitFn = conditional ? third : second;
    let limit = -1;
    return {
      step(row) {
        if (pred && pred(row) !== true) return;
        if (limit < 0) limit = limitFn ? (toNumber(limitFn(row)) ?? 1_048_576) : 1_048_576;
        if (out.length >= limit) return;
        const v = a(row);
        if (!notNull(v)) return;
        if (unique) {
          const k = groupKey(v);
          if (seen.has(k)) return;
          seen.add(k);
        }
        out.push(v);
      },
      result: () => [out],
    };
  };
}

const AGGREGATES: Record<string, AggregateDef> = {
  count: {
    min: 0, max: 1, prefix: "count",
    make: ([a]) => () => {
      let n = 0;
      return { step: (row) => { if (!a || notNull(a(row))) n++; }, result: () => [n] };
    },
  },
  countif: {
    min: 1, max: 1, prefix: "countif",
    make: ([p]) => () => {
      let n = 0;
      return { step: (row) => { if (p(row) === true) n++; }, result: () => [n] };
    },
  },
  dcount: {
    min: 1, max: 2, prefix: "dcount",
    make: ([a]) => () => {
      const seen = new Set<string>();
      return { step: (row) => { const v = a(row); if (notNull(v)) seen.add(groupKey(v)); }, result: () => [seen.size] };
    },
  },
  dcountif: {
    min: 2, max: 3, prefix: "dcountif",
    make: ([a, p]) => () => {
      const seen = new Set<string>();
      return {
        step: (row) => { if (p(row) !== true) return; const v = a(row); if (notNull(v)) seen.add(groupKey(v)); },
        result: () => [seen.size],
      };
    },
  },
  sum: {
    min: 1, max: 1, prefix: "sum",
    make: ([a]) => () => {
      let s = 0;
      return { step: (row) => { const n = toNumber(a(row)); if (n !== null) s += n; }, result: () => [s] };
    },
  },
  sumif: {
    min: 2, max: 2, prefix: "sumif",
    make: ([a, p]) => () => {
      let s = 0;
      return { step: (row) => { if (p(row) !== true) return; const n = toNumber(a(row)); if (n !== null) s += n; }, result: () => [s] };
    },
  },
  avg: {
    min: 1, max: 1, prefix: "avg",
    make: ([a]) => () => {
      let s = 0;
      let c = 0;
      return {
        step: (row) => { const n = toNumber(a(row)); if (n !== null) { s += n; c++; } },
        result: () => [c === 0 ? null : s / c],
      };
    },
  },
  avgif: {
    min: 2, max: 2, prefix: "avgif",
    make: ([a, p]) => () => {
      let s = 0;
      let c = 0;
      return {
        step: (row) => { if (p(row) !== true) return; const n = toNumber(a(row)); if (n !== null) { s += n; c++; } },
        result: () => [c === 0 ? null : s / c],
      };
    },
  },
  min: { min: 1, max: 1, prefix: "min", make: extremum(-1) },
  max: { min: 1, max: 1, prefix: "max", make: extremum(1) },
  minif: { min: 2, max: 2, prefix: "minif", make: extremum(-1, true) },
  maxif: { min: 2, max: 2, prefix: "maxif", make: extremum(1, true) },
  make_set: { min: 1, max: 2, prefix: "set", make: collect(true, false) },
  make_set_if: { min: 2, max: 3, prefix: "set", make: collect(true, true) },
  make_list: { min: 1, max: 2, prefix: "list", make: collect(false, false) },
  make_list_if: { min: 2, max: 3, prefix: "list", make: collect(false, true) },
  make_bag: {
    min: 1, max: 2, prefix: "bag",
    make: ([a]) => () => {
      const bag: Record<string, unknown> = {};
      return {
        step: (row) => { const v = a(row); if (isPlainObject(v)) for (const k of Object.keys(v)) if (!(k in bag)) bag[k] = v[k]; },
        result: () => [bag],
      };
    },
  },
  any: {
    min: 1, max: 1, prefix: "any",
    make: ([a]) => () => {
      let got = false;
      let v: unknown = null;
      return { step: (row) => { if (!got) { v = a(row); got = true; } }, result: () => [v] };
    },
  },
};
AGGREGATES.take_any = AGGREGATES.any;

/**
 * Builds one summarize aggregation. `nameOf` derives default names from argument expressions;
 * `columns` is the input schema (for arg_max(x, *)); `compile` compiles argument expressions.
 */
export function buildAggregate(
  e: Expr,
  explicitName: string | undefined,
  columns: readonly string[],
  byNames: ReadonlySet<string>,
  compile: (x: Expr) => Fn,
  nameOf: (x: Expr) => string | undefined,
): AggregateSpec {
  if (e.k !== "call") {
    throw new KqlError("InvalidArgument", "summarize expects aggregation function calls such as count() or make_set(x).", e.at.text, e.at.line, e.at.col);
  }
  const fname = e.name;
  if (fname === "arg_max" || fname === "arg_min") return argExtremum(e, fname === "arg_max" ? 1 : -1, explicitName, columns, byNames, compile, nameOf);
  const def = AGGREGATES[fname];
  if (!def) {
    throw new KqlError("UnknownFunction", `Unknown aggregation function: '${fname}'.`, fname, e.at.line, e.at.col);
  }
  if (e.star || e.args.length < def.min || e.args.length > def.max) {
    throw new KqlError("InvalidArgument", `Aggregation '${fname}' got ${e.args.length} arguments.`, fname, e.at.line, e.at.col);
  }
  const args = e.args.map(compile);
  const suffix = fname === "count" || fname === "countif" ? "" : (e.args[0] && nameOf(e.args[0])) ?? "";
  const name = explicitName ?? `${def.prefix}_${suffix}`;
  return { names: [name], create: def.make(args) };
}

function argExtremum(
  e: Extract<Expr, { k: "call" }>,
  sign: 1 | -1,
  explicitName: string | undefined,
  columns: readonly string[],
  byNames: ReadonlySet<string>,
  compile: (x: Expr) => Fn,
  nameOf: (x: Expr) => string | undefined,
): AggregateSpec {
  if (e.args.length < 1) {
    throw new KqlError("InvalidArgument", `${e.name}() needs the expression to maximize or minimize.`, e.name, e.at.line, e.at.col);
  }
  const key = compile(e.args[0]);
  const keyName = explicitName ?? nameOf(e.args[0]) ?? `${e.name === "arg_max" ? "max" : "min"}_`;
  const names: string[] = [keyName];
  const outs: Fn[] = [];
  if (e.star) {
    for (const c of columns) {
      if (byNames.has(c) || c === keyName) continue;
      names.push(c);
      outs.push((row) => row[c] ?? null);
    }
  }
  for (const a of e.args.slice(1)) {
    const n = nameOf(a);
    if (!n) throw new KqlError("InvalidArgument", `${e.name}() arguments must be columns or named.`, a.at.text, a.at.line, a.at.col);
    names.push(n);
    outs.push(compile(a));
  }
  return {
    names,
    create: () => {
      let best: unknown = null;
      let bestRow: Row | null = null;
      return {
        step(row) {
          const v = key(row);
          if (v === null || v === undefined) return;
          if (bestRow === null || (compareValues(v, best) ?? 0) * sign > 0) {
            best = v;
            bestRow = row;
          }
        },
        result: () => {
          const r = bestRow;
          return [best, ...outs.map((f) => (r ? f(r) : null))];
        },
      };
    },
  };
}
