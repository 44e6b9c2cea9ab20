import type { Expr, NamedExpr, Operator, Pipeline, SortKey } from "./ast";
import { buildAggregate, type Accumulator, type AggregateSpec } from "./aggregates";
import { compileExpression } from "./compileExpression";
import { isKqlError, KqlError } from "./KqlError";
import { parseQuery } from "./parser";
import type { Fn } from "./scalarFunctions";
import { compareValues, groupKey, isPlainObject, parseDatetime, toKqlString, toNumber, type Row } from "./values";

/** A table the query can name: its fixed schema and a lazy row supplier (built only if used). */
export interface TableSource {
  columns: readonly string[];
  rows(): Row[];
}

export interface RunOptions {
  /** Tables by lower-cased name: Resource Graph resolves table names case-insensitively. */
  tables: Record<string, TableSource>;
  now: Date;
  /** Upper bound on rows any step may produce (join and mv-expand can multiply rows). */
  maxRows?: number;
}

export interface QueryResult {
  columns: string[];
  rows: Row[];
}

interface Plan {
  columns: string[];
  run(): Row[];
}

type Step = (rows: Row[]) => Row[];

const DEFAULT_MAX_ROWS = 5_000_000;

/** Functions whose result keeps the name of their first argument (tostring(properties.x) -> properties_x). */
const NAME_PRESERVING = new Set([
  "tostring", "toint", "tolong", "todouble", "toreal", "tobool", "toboolean", "todatetime", "totimespan",
  "tolower", "toupper", "todynamic", "parse_json", "bin", "floor", "startofday", "startofmonth", "startofweek",
  "trim", "todecimal",
]);

/**
 * Parses, plans (resolving every column and function up front) and runs a query.
 * @internal
 */
export function runQuery(text: string, opts: RunOptions): QueryResult {
  const q = parseQuery(text);
  const planner = new Planner(opts);
  const plan = planner.pipeline(q.pipeline);
  return { columns: plan.columns, rows: plan.run() };
}

/** Like runQuery but returns every failure as a KqlError (never anything else). */
export function tryRunQuery(text: string, opts: RunOptions): QueryResult | KqlError {
  try {
    return runQuery(text, opts);
  } catch (e) {
    if (isKqlError(e)) return e;
    if (e instanceof RangeError) {
      return new KqlError("QueryLimitExceeded", "Query exceeded the emulator's evaluation limits.", "<query>", -1, -1);
    }
    return new KqlError("InvalidArgument", `Query could not be evaluated: ${e instanceof Error ? e.message : String(e)}`, "<query>", -1, -1);
  }
}

function deriveName(e: Expr): string | undefined {
  switch (e.k) {
    case "col":
      return e.name;
    case "member": {
      const o = deriveName(e.obj);
      return o ? `${o}_${e.name}` : undefined;
    }
    case "index": {
      const o = deriveName(e.obj);
      if (!o || e.index.k !== "lit") return undefined;
      return `${o}_${toKqlString(e.index.v)}`;
    }
    case "call":
      return NAME_PRESERVING.has(e.name) && e.args[0] ? deriveName(e.args[0]) : undefined;
    default:
      return undefined;
  }
}

class Planner {
  private readonly maxRows: number;

  constructor(private readonly opts: RunOptions) {
    this.maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  }

  pipeline(p: Pipeline): Plan {
    const source = this.opts.tables[p.table.toLowerCase()];
    if (!source) {
      throw new KqlError("FailedToResolveEntity", `Table '${p.table}' is not supported. Use Resources or ResourceContainers.`, p.table, p.tableAt.line, p.tableAt.col);
    }
    let columns = [...source.columns];
    const steps: Step[] = [];
    let colCounter = 0;
    const autoName = () => `Column${++colCounter}`;
    for (const op of p.ops) {
      const r = this.operator(op, columns, autoName);
      columns = r.columns;
      steps.push(r.step);
    }
    const maxRows = this.maxRows;
    return {
      columns,
      run: () => {
        let rows = source.rows();
        for (const s of steps) {
          rows = s(rows);
          if (rows.length > maxRows) throw limitError();
        }
        return rows;
      },
    };
  }

  private compile(e: Expr, columns: readonly string[]): Fn {
    return compileExpression(e, { columns: new Set(columns), now: this.opts.now });
  }

  private operator(op: Operator, columns: string[], autoName: () => string): { columns: string[]; step: Step } {
    switch (op.op) {
      case "where": {
        const pred = this.compile(op.pred, columns);
        return { columns, step: (rows) => rows.filter((r) => pred(r) === true) };
      }
      case "project": {
        const items = this.named(op.items, columns, autoName);
        const names = items.map((i) => i.name);
        const make = rowMaker(names, items.map((i) => i.fn));
        return {
          columns: names,
          step: (rows) => {
            const out = new Array<Row>(rows.length);
            for (let i = 0; i < rows.length; i++) out[i] = make(rows[i]);
            return out;
          },
        };
      }
      case "extend": {
        // Each item sees the columns defined by the items before it.
        let cols = columns;
        const items: { name: string; fn: Fn }[] = [];
        for (const it of op.items) {
          const [named] = this.named([it], cols, autoName);
          items.push(named);
          if (!cols.includes(named.name)) cols = [...cols, named.name];
        }
        return {
          columns: cols,
          step: (rows) =>
            rows.map((src) => {
              const o: Row = { ...src };
              for (const it of items) o[it.name] = it.fn(o);
              return o;
            }),
        };
      }
      case "project-away": {
        for (const n of op.names) this.requireColumn(n.name, columns, n.at);
        const drop = new Set(op.names.map((n) => n.name));
        const keep = columns.filter((c) => !drop.has(c));
        return { columns: keep, step: (rows) => rows.map((r) => pick(r, keep)) };
      }
      case "project-rename": {
        for (const it of op.items) this.requireColumn(it.from, columns, it.at);
        const map = new Map(op.items.map((i) => [i.from, i.name]));
        const cols = columns.map((c) => map.get(c) ?? c);
        return {
          columns: cols,
          step: (rows) =>
            rows.map((r) => {
              const o: Row = {};
              for (const c of columns) o[map.get(c) ?? c] = r[c] ?? null;
              return o;
            }),
        };
      }
      case "summarize":
        return this.summarize(op, columns, autoName);
      case "sort": {
        const cmp = this.comparator(op.keys, columns);
        return { columns, step: (rows) => sortRows(rows, cmp) };
      }
      case "top": {
        const n = this.constInt(op.n, "top");
        const cmp = this.comparator([op.key], columns);
        return { columns, step: (rows) => topRows(rows, cmp, n) };
      }
      case "take": {
        const n = this.constInt(op.n, op.at.text);
        return { columns, step: (rows) => (rows.length > n ? rows.slice(0, n) : rows) };
      }
      case "distinct": {
        const items = op.all ? columns.map((c) => ({ name: c, fn: ((r: Row) => r[c] ?? null) as Fn })) : this.named(op.items, columns, autoName);
        const names = items.map((i) => i.name);
        return {
          columns: names,
          step: (rows) => {
            const seen = new Set<string>();
            const out: Row[] = [];
            for (const r of rows) {
              const vals = items.map((i) => i.fn(r));
              const k = vals.map(groupKey).join("\u0001");
              if (seen.has(k)) continue;
              seen.add(k);
              const o: Row = {};
              names.forEach((nm, j) => (o[nm] = vals[j]));
              out.push(o);
            }
            return out;
          },
        };
      }
      case "count":
        return { columns: ["Count"], step: (rows) => [{ Count: rows.length }] };
      case "join":
        return this.join(op, columns);
      case "mv-expand":
        return this.mvExpand(op, columns, autoName);
      case "union": {
        const plans = op.pipelines.map((p) => this.pipeline(p));
        const cols = [...columns];
        for (const pl of plans) for (const c of pl.columns) if (!cols.includes(c)) cols.push(c);
        return {
          columns: cols,
          step: (rows) => {
            const out = rows.slice();
            for (const pl of plans) for (const r of pl.run()) out.push(r);
            if (out.length > this.maxRows) throw limitError();
            return out;
          },
        };
      }
    }
  }

  private requireColumn(name: string, columns: readonly string[], at: { line: number; col: number }): void {
    if (!columns.includes(name)) {
      throw new KqlError("FailedToResolveScalarExpression", `Failed to resolve scalar expression named '${name}'`, name, at.line, at.col);
    }
  }

  private named(items: NamedExpr[], columns: readonly string[], autoName: () => string): { name: string; fn: Fn }[] {
    return items.map((it) => ({
      name: it.name ?? deriveName(it.expr) ?? autoName(),
      fn: this.compile(it.expr, columns),
    }));
  }

  private constInt(e: Expr, what: string): number {
    const v = e.k === "lit" ? toNumber(e.v) : null;
    if (v === null || !Number.isFinite(v) || v < 0) {
      throw new KqlError("InvalidArgument", `${what} expects a non-negative constant number of rows.`, e.at.text, e.at.line, e.at.col);
    }
    return Math.floor(v);
  }

  private comparator(keys: SortKey[], columns: readonly string[]): KeyedComparator {
    const fns = keys.map((k) => this.compile(k.expr, columns));
    const dirs = keys.map((k) => ({ desc: k.desc, nullsFirst: k.nullsFirst }));
    const cmp = (a: unknown[], b: unknown[]) => {
      for (let i = 0; i < dirs.length; i++) {
        const x = a[i];
        const y = b[i];
        const xn = x === null || x === undefined;
        const yn = y === null || y === undefined;
        if (xn || yn) {
          if (xn && yn) continue;
          return (xn ? -1 : 1) * (dirs[i].nullsFirst ? 1 : -1);
        }
        const c = compareValues(x, y) ?? 0;
        if (c !== 0) return dirs[i].desc ? -c : c;
      }
      return 0;
    };
    return Object.assign(cmp, { keyFns: fns });
  }

  private summarize(op: Extract<Operator, { op: "summarize" }>, columns: string[], autoName: () => string): { columns: string[]; step: Step } {
    const by = this.named(op.by, columns, autoName);
    const byNames = new Set(by.map((b) => b.name));
    const specs: AggregateSpec[] = op.aggs.map((a) =>
      buildAggregate(a.expr, a.name, columns, byNames, (x) => this.compile(x, columns), deriveName),
    );
    const outCols = [...by.map((b) => b.name)];
    for (const s of specs) for (const n of s.names) outCols.push(uniqueName(n, outCols));
    const byFns = by.map((b) => b.fn);
    const single = byFns.length === 1 ? byFns[0] : null;
    return {
      columns: outCols,
      step: (rows) => {
        const groups = new Map<unknown, { keys: unknown[]; accs: Accumulator[] }>();
        for (const r of rows) {
          let mapKey: unknown;
          let keys: unknown[];
          if (single) {
            const v = single(r);
            keys = [v];
            // Strings (the common group key) go into the map as they are; others by typed key.
            mapKey = typeof v === "string" ? v : `${groupKey(v)}\u0002`;
          } else {
            keys = byFns.map((f) => f(r));
            mapKey = keys.map(groupKey).join("\u0001");
          }
          let g = groups.get(mapKey);
          if (!g) {
            g = { keys, accs: specs.map((s) => s.create()) };
            groups.set(mapKey, g);
          }
          for (const a of g.accs) a.step(r);
        }
        if (groups.size === 0 && byFns.length === 0) groups.set("", { keys: [], accs: specs.map((s) => s.create()) });
        const out: Row[] = [];
        for (const g of groups.values()) {
          const o: Row = {};
          let c = 0;
          for (const k of g.keys) o[outCols[c++]] = k;
          for (const a of g.accs) for (const v of a.result()) o[outCols[c++]] = v;
          out.push(o);
        }
        return out;
      },
    };
  }

  private join(op: Extract<Operator, { op: "join" }>, leftCols: string[]): { columns: string[]; step: Step } {
    const right = this.pipeline(op.right);
    const lKeys: Fn[] = [];
    const rKeys: Fn[] = [];
    for (const cond of op.on) {
      if (cond.k === "col") {
        this.requireColumn(cond.name, leftCols, cond.at);
        this.requireColumn(cond.name, right.columns, cond.at);
        const n = cond.name;
        lKeys.push((r) => r[n] ?? null);
        rKeys.push((r) => r[n] ?? null);
      } else if (cond.k === "bin" && cond.op === "==" && cond.l.k === "side" && cond.r.k === "side" && cond.l.side !== cond.r.side) {
        const leftSide = cond.l.side === "left" ? cond.l : cond.r;
        const rightSide = cond.l.side === "left" ? cond.r : cond.l;
        if (leftSide.k !== "side" || rightSide.k !== "side") throw new KqlError("ParserFailure", "ParserFailure", cond.at.text, cond.at.line, cond.at.col);
        this.requireColumn(leftSide.name, leftCols, leftSide.at);
        this.requireColumn(rightSide.name, right.columns, rightSide.at);
        const ln = leftSide.name;
        const rn = rightSide.name;
        lKeys.push((r) => r[ln] ?? null);
        rKeys.push((r) => r[rn] ?? null);
      } else {
        throw new KqlError("InvalidArgument", "join supports 'on column' and 'on $left.a == $right.b' conditions only.", cond.at.text, cond.at.line, cond.at.col);
      }
    }
    const keyOf = (fns: Fn[], r: Row): string | null => {
      let k = "";
      for (const f of fns) {
        const v = f(r);
        // Null keys never match, as in Kusto.
        if (v === null || v === undefined) return null;
        k += groupKey(v) + "\u0001";
      }
      return k;
    };
    const kind = op.kind;
    const leftOnly = kind === "leftanti" || kind === "leftsemi";
    // Right columns that clash with left ones get a numeric suffix (subscriptionId -> subscriptionId1).
    const rightOut: { from: string; to: string }[] = [];
    const outCols = [...leftCols];
    if (!leftOnly) {
      for (const c of right.columns) {
        const to = uniqueName(c, outCols);
        outCols.push(to);
        rightOut.push({ from: c, to });
      }
    }
    const maxRows = this.maxRows;
    return {
      columns: outCols,
      step: (rows) => {
        const index = new Map<string, Row[]>();
        for (const r of right.run()) {
          const k = keyOf(rKeys, r);
          if (k === null) continue;
          const list = index.get(k);
          if (list) list.push(r);
          else index.set(k, [r]);
        }
        const out: Row[] = [];
        const seenLeft = kind === "innerunique" ? new Set<string>() : null;
        for (const l of rows) {
          const k = keyOf(lKeys, l);
          const matches = k === null ? undefined : index.get(k);
          if (kind === "leftanti") {
            if (!matches) out.push(l);
            continue;
          }
          if (kind === "leftsemi") {
            if (matches) out.push(l);
            continue;
          }
          if (seenLeft && k !== null) {
            if (seenLeft.has(k)) continue;
            seenLeft.add(k);
          }
          if (!matches) {
            if (kind === "leftouter") {
              const o: Row = { ...l };
              for (const c of rightOut) o[c.to] = null;
              out.push(o);
            }
            continue;
          }
          for (const m of matches) {
            const o: Row = { ...l };
            for (const c of rightOut) o[c.to] = m[c.from] ?? null;
            out.push(o);
          }
          if (out.length > maxRows) throw limitError();
        }
        return out;
      },
    };
  }

  private mvExpand(op: Extract<Operator, { op: "mv-expand" }>, columns: string[], autoName: () => string): { columns: string[]; step: Step } {
    const items = op.items.map((it) => ({
      name: it.name ?? deriveName(it.expr) ?? autoName(),
      fn: this.compile(it.expr, columns),
      convert: converter(it.toType),
    }));
    const cols = [...columns];
    for (const it of items) if (!cols.includes(it.name)) cols.push(it.name);
    const limit = op.limit ?? Number.POSITIVE_INFINITY;
    const maxRows = this.maxRows;
    return {
      columns: cols,
      step: (rows) => {
        const out: Row[] = [];
        for (const r of rows) {
          const lists = items.map((it) => expandable(it.fn(r)));
          const n = Math.min(limit, Math.max(1, ...lists.map((l) => l.length)));
          for (let i = 0; i < n; i++) {
            const o: Row = { ...r };
            items.forEach((it, j) => {
              const v = lists[j][i];
              o[it.name] = v === undefined ? null : it.convert(v);
            });
            out.push(o);
          }
          if (out.length > maxRows) throw limitError();
        }
        return out;
      },
    };
  }
}

/** Arrays expand to their elements, property bags to one single-key bag per property. */
function expandable(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isPlainObject(v)) return Object.entries(v).map(([k, x]) => ({ [k]: x }));
  return v === null || v === undefined ? [] : [v];
}

function converter(type: string | undefined): (v: unknown) => unknown {
  switch (type) {
    case undefined:
    case "dynamic":
      return (v) => v;
    case "string":
      return toKqlString;
    case "int":
    case "long":
      return (v) => {
        const n = toNumber(v);
        return n === null ? null : Math.trunc(n);
      };
    case "real":
    case "double":
      return toNumber;
    case "bool":
    case "boolean":
      return (v) => (typeof v === "boolean" ? v : typeof v === "string" ? v.toLowerCase() === "true" : null);
    case "datetime":
      return (v) => (typeof v === "string" ? parseDatetime(v) : v instanceof Date ? v : null);
    default:
      throw new KqlError("InvalidArgument", `mv-expand cannot convert to type '${type}'.`, type, -1, -1);
  }
}

/**
 * A row constructor for a fixed set of columns, generated once per query: an object literal
 * with constant keys gets one hidden class in V8, which builds a million projected rows several
 * times faster than assigning computed keys one by one. Column names only appear as JSON string
 * literals and the values come from the compiled closures, so no query text becomes code.
 */
function rowMaker(names: readonly string[], fns: readonly Fn[]): (src: Row) => Row {
  const body = `return (src) => ({ ${names.map((n, j) => `${JSON.stringify(n)}: f[${j}](src)`).join(", ")} });`;
  return new Function("f", body)(fns) as (src: Row) => Row;
}

function uniqueName(name: string, taken: readonly string[]): string {
  if (!taken.includes(name)) return name;
  for (let i = 1; ; i++) if (!taken.includes(`${name}${i}`)) return `${name}${i}`;
}

function pick(r: Row, keep: readonly string[]): Row {
  const o: Row = {};
  for (const c of keep) o[c] = r[c] ?? null;
  return o;
}

type KeyedComparator = ((a: unknown[], b: unknown[]) => number) & { keyFns: Fn[] };

function sortRows(rows: Row[], cmp: KeyedComparator): Row[] {
  const fns = cmp.keyFns;
  const decorated = rows.map((r, i) => ({ k: fns.map((f) => f(r)), r, i }));
  decorated.sort((a, b) => cmp(a.k, b.k) || a.i - b.i);
  return decorated.map((d) => d.r);
}

/** top N keeps a bounded sorted buffer instead of sorting everything when N is small. */
function topRows(rows: Row[], cmp: KeyedComparator, n: number): Row[] {
  if (n === 0) return [];
  if (n * 8 >= rows.length) return sortRows(rows, cmp).slice(0, n);
  const fns = cmp.keyFns;
  const buf: { k: unknown[]; r: Row; i: number }[] = [];
  const order = (a: { k: unknown[]; i: number }, b: { k: unknown[]; i: number }) => cmp(a.k, b.k) || a.i - b.i;
  for (let i = 0; i < rows.length; i++) {
    const item = { k: fns.map((f) => f(rows[i])), r: rows[i], i };
    if (buf.length === n && order(item, buf[n - 1]) >= 0) continue;
    let lo = 0;
    let hi = buf.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (order(buf[mid], item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    buf.splice(lo, 0, item);
    if (buf.length > n) buf.pop();
  }
  return buf.map((b) => b.r);
}

function limitError(): KqlError {
  return new KqlError("QueryLimitExceeded", "Query produced too many rows for the emulator to evaluate.", "<query>", -1, -1);
}
