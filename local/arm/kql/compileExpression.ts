import type { Expr } from "./ast";
import { KqlError } from "./KqlError";
import { AGGREGATE_NAMES } from "./aggregateNames";
import { safeRegex } from "./safeRegex";
import { SCALAR_FUNCTIONS, type BuildContext, type Fn } from "./scalarFunctions";
import {
  compareValues, isPlainObject, Timespan, toDate, toKqlString, toNumber, valuesEqual,
} from "./values";

const hasOwn = Object.prototype.hasOwnProperty;

export interface CompileScope extends BuildContext {
  /** Columns visible to the expression (the schema at this point of the pipeline). */
  columns: ReadonlySet<string>;
}

/** Compiles an expression once into a closure evaluated per row (no AST walk per row). */
export function compileExpression(e: Expr, scope: CompileScope): Fn {
  switch (e.k) {
    case "lit": {
      const v = e.v;
      return () => v;
    }
    case "col": {
      const name = e.name;
      if (!scope.columns.has(name)) {
        throw new KqlError("FailedToResolveScalarExpression", `Failed to resolve scalar expression named '${name}'`, name, e.at.line, e.at.col);
      }
      return (row) => {
        const v = row[name];
        return v === undefined ? null : v;
      };
    }
    case "side":
      throw new KqlError("ParserFailure", "$left/$right may only appear in a join's on clause.", `$${e.side}`, e.at.line, e.at.col);
    case "member": {
      const obj = compileExpression(e.obj, scope);
      const name = e.name;
      return (row) => {
        const v = obj(row);
        if (v !== null && typeof v === "object" && !Array.isArray(v) && hasOwn.call(v, name)) {
          const x = (v as Record<string, unknown>)[name];
          return x === undefined ? null : x;
        }
        return null;
      };
    }
    case "index": {
      const obj = compileExpression(e.obj, scope);
      const idx = compileExpression(e.index, scope);
      return (row) => {
        const v = obj(row);
        const i = idx(row);
        if (Array.isArray(v)) {
          const n = typeof i === "number" ? i : toNumber(i);
          if (n === null || !Number.isInteger(n)) return null;
          const x = v[n < 0 ? v.length + n : n];
          return x === undefined ? null : x;
        }
        if (isPlainObject(v) && typeof i === "string" && hasOwn.call(v, i)) {
          const x = v[i];
          return x === undefined ? null : x;
        }
        return null;
      };
    }
    case "neg": {
      const a = compileExpression(e.e, scope);
      return (row) => {
        const v = a(row);
        if (v instanceof Timespan) return new Timespan(-v.ms);
        const n = toNumber(v);
        return n === null ? null : -n;
      };
    }
    case "call":
      return compileCall(e, scope);
    case "between": {
      const l = compileExpression(e.l, scope);
      const lo = compileExpression(e.lo, scope);
      const hi = compileExpression(e.hi, scope);
      const neg = e.neg;
      return (row) => {
        const v = l(row);
        const a = compareValues(v, lo(row));
        const b = compareValues(v, hi(row));
        if (a === null || b === null) return null;
        const inside = a >= 0 && b <= 0;
        return neg ? !inside : inside;
      };
    }
    case "in":
      return compileIn(e, scope);
    case "bin":
      return compileBinary(e, scope);
  }
}

function compileCall(e: Extract<Expr, { k: "call" }>, scope: CompileScope): Fn {
  const fn = SCALAR_FUNCTIONS[e.name];
  if (!fn) {
    if (AGGREGATE_NAMES.has(e.name)) {
      throw new KqlError("InvalidArgument", `Aggregation function '${e.name}' may only be used in summarize.`, e.name, e.at.line, e.at.col);
    }
    throw new KqlError("UnknownFunction", `Unknown function: '${e.name}'.`, e.name, e.at.line, e.at.col);
  }
  if (e.star || e.args.length < fn.min || e.args.length > fn.max) {
    throw new KqlError(
      "InvalidArgument",
      `Function '${e.name}' expects ${fn.min === fn.max ? fn.min : `${fn.min} to ${fn.max}`} arguments, got ${e.args.length}.`,
      e.name, e.at.line, e.at.col,
    );
  }
  const args = e.args.map((a) => compileExpression(a, scope));
  return fn.build(args, scope, e.args);
}

function compileIn(e: Extract<Expr, { k: "in" }>, scope: CompileScope): Fn {
  const l = compileExpression(e.l, scope);
  const ci = e.op.endsWith("~");
  const negate = e.op.startsWith("!");
  const norm = (v: unknown) => (ci ? toKqlString(v).toLowerCase() : v);
  if (e.op === "has_any" || e.op === "has_all") {
    const items = e.list.map((x) => compileExpression(x, scope));
    const all = e.op === "has_all";
    return (row) => {
      const text = toKqlString(l(row)).toLowerCase();
      const terms = expandList(items.map((f) => f(row))).map((t) => toKqlString(t).toLowerCase());
      return all ? terms.every((t) => hasTerm(text, t)) : terms.some((t) => hasTerm(text, t));
    };
  }
  // Constant lists (the usual `type in~ ('a','b')`) become a Set once per query.
  if (e.list.every((x) => x.k === "lit")) {
    const values = expandList(e.list.map((x) => (x as { v: unknown }).v));
    const strings = new Set<string>();
    const others: unknown[] = [];
    for (const v of values) {
      if (typeof v === "string") strings.add(ci ? v.toLowerCase() : v);
      else if (v !== null) others.push(v);
    }
    return (row) => {
      const v = l(row);
      if (v === null) return negate;
      let found: boolean;
      if (typeof v === "string") found = strings.has(ci ? v.toLowerCase() : v);
      else if (ci) found = strings.has(toKqlString(v).toLowerCase());
      else found = others.some((o) => valuesEqual(v, o)) || (typeof v !== "object" && strings.has(toKqlString(v)));
      return negate ? !found : found;
    };
  }
  const items = e.list.map((x) => compileExpression(x, scope));
  return (row) => {
    const v = l(row);
    if (v === null) return negate;
    const nv = norm(v);
    const found = expandList(items.map((f) => f(row))).some((o) => o !== null && (ci ? norm(o) === nv : valuesEqual(v, o)));
    return negate ? !found : found;
  };
}

/** `in` lists flatten dynamic arrays into their elements. */
function expandList(values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    if (Array.isArray(v)) out.push(...v);
    else out.push(v);
  }
  return out;
}

function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code > 127;
}

/** Kusto `has`: the needle occurs as a whole term (bounded by non-alphanumeric characters). */
function hasTerm(text: string, needle: string): boolean {
  if (needle === "") return true;
  let i = text.indexOf(needle);
  while (i >= 0) {
    const before = i === 0 || !isAlnum(text.charCodeAt(i - 1)) || !isAlnum(needle.charCodeAt(0));
    const end = i + needle.length;
    const after = end === text.length || !isAlnum(text.charCodeAt(end)) || !isAlnum(needle.charCodeAt(needle.length - 1));
    if (before && after) return true;
    i = text.indexOf(needle, i + 1);
  }
  return false;
}

const TERM_SEPARATOR = /[^a-z0-9\u0080-\uffff]+/i;

type StringTest = (hay: string, needle: string) => boolean;
const STRING_TESTS: Record<string, { ci: boolean; test: StringTest }> = {
  has: { ci: true, test: hasTerm },
  has_cs: { ci: false, test: hasTerm },
  contains: { ci: true, test: (h, n) => h.includes(n) },
  contains_cs: { ci: false, test: (h, n) => h.includes(n) },
  startswith: { ci: true, test: (h, n) => h.startsWith(n) },
  startswith_cs: { ci: false, test: (h, n) => h.startsWith(n) },
  endswith: { ci: true, test: (h, n) => h.endsWith(n) },
  endswith_cs: { ci: false, test: (h, n) => h.endsWith(n) },
  hasprefix: { ci: true, test: (h, n) => h.split(TERM_SEPARATOR).some((t) => t.startsWith(n)) },
  hassuffix: { ci: true, test: (h, n) => h.split(TERM_SEPARATOR).some((t) => t.endsWith(n)) },
};

function compileBinary(e: Extract<Expr, { k: "bin" }>, scope: CompileScope): Fn {
  const op = e.op;
  const l = compileExpression(e.l, scope);
  if (op === "and") {
    const r = compileExpression(e.r, scope);
    return (row) => {
      const a = l(row);
      if (a === false) return false;
      const b = r(row);
      if (b === false) return false;
      return a === true && b === true ? true : null;
    };
  }
  if (op === "or") {
    const r = compileExpression(e.r, scope);
    return (row) => {
      const a = l(row);
      if (a === true) return true;
      const b = r(row);
      if (b === true) return true;
      return a === false && b === false ? false : null;
    };
  }
  if (op === "matches regex") {
    if (e.r.k !== "lit" || typeof e.r.v !== "string") {
      throw new KqlError("InvalidArgument", "matches regex needs a constant pattern.", e.at.text, e.at.line, e.at.col);
    }
    const rx = safeRegex(e.r.v, e.r.at);
    return (row) => rx.test(toKqlString(l(row)));
  }
  const negated = op.startsWith("!") && op !== "!=" && op !== "!~";
  const base = negated ? op.slice(1) : op;
  const st = STRING_TESTS[base];
  if (st) {
    const { ci, test } = st;
    if (e.r.k === "lit") {
      const needle = ci ? toKqlString(e.r.v).toLowerCase() : toKqlString(e.r.v);
      return (row) => {
        const v = l(row);
        const hay = typeof v === "string" ? v : toKqlString(v);
        const r = test(ci ? hay.toLowerCase() : hay, needle);
        return negated ? !r : r;
      };
    }
    const r = compileExpression(e.r, scope);
    return (row) => {
      const hay = toKqlString(l(row));
      const n = toKqlString(r(row));
      const res = ci ? test(hay.toLowerCase(), n.toLowerCase()) : test(hay, n);
      return negated ? !res : res;
    };
  }
  const r = compileExpression(e.r, scope);
  switch (op) {
    case "==":
      return (row) => {
        const a = l(row);
        const b = r(row);
        if (a === null || b === null) return a === null && b === null ? null : false;
        return a === b || valuesEqual(a, b);
      };
    case "!=":
      return (row) => {
        const a = l(row);
        const b = r(row);
        if (a === null || b === null) return a === null && b === null ? null : true;
        return !(a === b || valuesEqual(a, b));
      };
    case "=~":
    case "!~": {
      const neg = op === "!~";
      if (e.r.k === "lit") {
        const want = toKqlString(e.r.v).toLowerCase();
        return (row) => {
          const v = l(row);
          const eq = (typeof v === "string" ? v : toKqlString(v)).toLowerCase() === want;
          return neg ? !eq : eq;
        };
      }
      return (row) => {
        const eq = toKqlString(l(row)).toLowerCase() === toKqlString(r(row)).toLowerCase();
        return neg ? !eq : eq;
      };
    }
    case "<":
      return (row) => {
        const c = compareValues(l(row), r(row));
        return c === null ? null : c < 0;
      };
    case "<=":
      return (row) => {
        const c = compareValues(l(row), r(row));
        return c === null ? null : c <= 0;
      };
    case ">":
      return (row) => {
        const c = compareValues(l(row), r(row));
        return c === null ? null : c > 0;
      };
    case ">=":
      return (row) => {
        const c = compareValues(l(row), r(row));
        return c === null ? null : c >= 0;
      };
    case "+":
    case "-":
    case "*":
    case "/":
    case "%":
      return (row) => arithmetic(op, l(row), r(row));
    default:
      throw new KqlError("ParserFailure", "ParserFailure", op, e.at.line, e.at.col);
  }
}

function arithmetic(op: string, a: unknown, b: unknown): unknown {
  if (a === null || b === null || a === undefined || b === undefined) return null;
  if (a instanceof Date || b instanceof Date) {
    if (op === "-" && (a instanceof Date || typeof a === "string") && (b instanceof Date || typeof b === "string")) {
      const da = toDate(a);
      const db = toDate(b);
      return da && db ? new Timespan(da.getTime() - db.getTime()) : null;
    }
    const d = a instanceof Date ? a : (b as Date);
    const span = a instanceof Date ? b : a;
    if (!(span instanceof Timespan)) return null;
    if (op === "+") return new Date(d.getTime() + span.ms);
    if (op === "-" && a instanceof Date) return new Date(d.getTime() - span.ms);
    return null;
  }
  if (a instanceof Timespan || b instanceof Timespan) {
    const x = a instanceof Timespan ? a.ms : toNumber(a);
    const y = b instanceof Timespan ? b.ms : toNumber(b);
    if (x === null || y === null) return null;
    switch (op) {
      case "+": return new Timespan(x + y);
      case "-": return new Timespan(x - y);
      case "*": return new Timespan(x * y);
      case "/": return a instanceof Timespan && b instanceof Timespan ? x / y : new Timespan(x / y);
      default: return new Timespan(x % y);
    }
  }
  const x = typeof a === "number" ? a : toNumber(a);
  const y = typeof b === "number" ? b : toNumber(b);
  if (x === null || y === null) return null;
  switch (op) {
    case "+": return x + y;
    case "-": return x - y;
    case "*": return x * y;
    case "/": return y === 0 ? null : x / y;
    default: return y === 0 ? null : x % y;
  }
}
