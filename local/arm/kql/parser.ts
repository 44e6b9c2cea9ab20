import type { Expr, NamedExpr, Operator, Pipeline, SortKey } from "./ast";
import { KqlError } from "./KqlError";
import { tokenize, type Token } from "./lexer";
import { parseDatetime, parseTimespan, Timespan } from "./values";

/** Tabular operators that exist in KQL but not in this engine: refused by name, as Azure does. */
const UNSUPPORTED_OPERATORS = new Set([
  "parse", "parse-where", "parse-kv", "mv-apply", "make-series", "evaluate", "render", "invoke", "lookup",
  "serialize", "sample", "sample-distinct", "getschema", "as", "facet", "find", "search", "range", "print",
  "datatable", "fork", "partition", "reduce", "scan", "top-nested", "top-hitters", "externaldata",
  "project-keep", "project-reorder", "materialize", "let", "externaldata", "consume", "summarize-where",
]);

const STRING_OPS = new Set([
  "has", "!has", "contains", "!contains", "startswith", "!startswith", "endswith", "!endswith",
  "has_cs", "!has_cs", "contains_cs", "!contains_cs", "startswith_cs", "!startswith_cs", "endswith_cs",
  "!endswith_cs", "hasprefix", "!hasprefix", "hassuffix", "!hassuffix",
]);
const COMPARISON_OPS = new Set(["==", "!=", "=~", "!~", "<", "<=", ">", ">="]);
const IN_OPS = new Set(["in", "in~", "!in", "!in~", "has_any", "has_all"]);

/** Bounds recursion so a pathological query ("((((...") fails fast instead of blowing the stack. */
const MAX_DEPTH = 200;

export interface Query {
  pipeline: Pipeline;
}

export function parseQuery(src: string): Query {
  const p = new Parser(tokenize(src));
  const pipeline = p.pipeline(true);
  p.expectEnd();
  return { pipeline };
}

class Parser {
  private i = 0;
  private depth = 0;

  constructor(private readonly toks: Token[]) {}

  private peek(k = 0): Token {
    return this.toks[Math.min(this.i + k, this.toks.length - 1)];
  }
  private next(): Token {
    const t = this.peek();
    if (this.i < this.toks.length - 1) this.i++;
    return t;
  }
  private fail(t: Token = this.peek()): never {
    throw new KqlError("ParserFailure", "ParserFailure", t.text, t.line, t.col);
  }
  private isOp(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === "op" && t.text === text;
  }
  private isWord(word: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === "ident" && t.text.toLowerCase() === word;
  }
  private eatOp(text: string): boolean {
    if (this.isOp(text)) {
      this.next();
      return true;
    }
    return false;
  }
  private eatWord(word: string): boolean {
    if (this.isWord(word)) {
      this.next();
      return true;
    }
    return false;
  }
  private expectOp(text: string): Token {
    if (!this.isOp(text)) this.fail();
    return this.next();
  }
  private ident(): Token {
    const t = this.peek();
    if (t.kind !== "ident") this.fail(t);
    return this.next();
  }

  expectEnd(): void {
    if (this.peek().kind !== "eof") this.fail();
  }

  /** `Table | op | op ...`; the table may be omitted at top level (Resource Graph defaults to Resources). */
  pipeline(topLevel: boolean): Pipeline {
    const first = this.peek();
    let table = "Resources";
    let tableAt = first;
    const ops: Operator[] = [];
    const firstWord = first.kind === "ident" ? first.text.toLowerCase() : "";
    if (first.kind === "ident" && !this.isOperatorWord(firstWord)) {
      this.next();
      table = first.text;
      tableAt = first;
    } else if (first.kind === "ident") {
      ops.push(this.operator());
    } else if (!(topLevel && this.isOp("|"))) {
      this.fail(first);
    }
    while (this.eatOp("|")) ops.push(this.operator());
    return { table, tableAt, ops };
  }

  private isOperatorWord(w: string): boolean {
    return (
      [
        "where", "filter", "project", "project-away", "project-rename", "extend", "summarize", "order", "sort",
        "top", "take", "limit", "distinct", "count", "join", "mv-expand", "union",
      ].includes(w) || UNSUPPORTED_OPERATORS.has(w)
    );
  }

  private operator(): Operator {
    const at = this.peek();
    if (at.kind !== "ident") this.fail(at);
    const word = at.text.toLowerCase();
    if (UNSUPPORTED_OPERATORS.has(word)) {
      throw new KqlError("InvalidQueryLanguage", `Operator '${at.text}' is not supported by Resource Graph.`, at.text, at.line, at.col);
    }
    this.next();
    switch (word) {
      case "where":
      case "filter":
        return { op: "where", pred: this.expr(), at };
      case "project":
        return { op: "project", items: this.namedList(), at };
      case "extend":
        return { op: "extend", items: this.namedList(), at };
      case "project-away": {
        const names: { name: string; at: Token }[] = [];
        do {
          const t = this.ident();
          names.push({ name: t.text, at: t });
        } while (this.eatOp(","));
        return { op: "project-away", names, at };
      }
      case "project-rename": {
        const items: { name: string; from: string; at: Token }[] = [];
        do {
          const n = this.ident();
          this.expectOp("=");
          const f = this.ident();
          items.push({ name: n.text, from: f.text, at: f });
        } while (this.eatOp(","));
        return { op: "project-rename", items, at };
      }
      case "summarize": {
        const aggs = this.isWord("by") ? [] : this.namedList();
        const by = this.eatWord("by") ? this.namedList() : [];
        if (aggs.length === 0 && by.length === 0) this.fail();
        return { op: "summarize", aggs, by, at };
      }
      case "order":
      case "sort": {
        if (!this.eatWord("by")) this.fail();
        const keys: SortKey[] = [];
        do keys.push(this.sortKey());
        while (this.eatOp(","));
        return { op: "sort", keys, at };
      }
      case "top": {
        const n = this.expr();
        if (!this.eatWord("by")) this.fail();
        return { op: "top", n, key: this.sortKey(), at };
      }
      case "take":
      case "limit":
        return { op: "take", n: this.expr(), at };
      case "distinct":
        if (this.eatOp("*")) return { op: "distinct", items: [], all: true, at };
        return { op: "distinct", items: this.namedList(), all: false, at };
      case "count":
        return { op: "count", at };
      case "join":
        return this.join(at);
      case "mv-expand":
        return this.mvExpand(at);
      case "union": {
        while (this.peek().kind === "ident" && this.isOp("=", 1)) {
          this.next();
          this.next();
          this.next();
        }
        const pipelines: Pipeline[] = [];
        do pipelines.push(this.subPipeline());
        while (this.eatOp(","));
        return { op: "union", pipelines, at };
      }
      default:
        return this.fail(at);
    }
  }

  private subPipeline(): Pipeline {
    if (this.eatOp("(")) {
      const p = this.pipeline(false);
      this.expectOp(")");
      return p;
    }
    const t = this.ident();
    return { table: t.text, tableAt: t, ops: [] };
  }

  private join(at: Token): Operator {
    let kind: "inner" | "innerunique" | "leftouter" | "leftanti" | "leftsemi" = "innerunique";
    // Parameters: kind=..., hint.xxx=...
    while (this.peek().kind === "ident" && !this.isOp("(") && (this.isOp("=", 1) || this.isOp(".", 1))) {
      const name = this.next();
      if (name.text.toLowerCase() === "kind") {
        this.expectOp("=");
        const v = this.ident();
        const k = v.text.toLowerCase();
        if (k === "inner" || k === "innerunique" || k === "leftouter" || k === "leftanti" || k === "leftsemi") kind = k;
        else if (k === "anti") kind = "leftanti";
        else if (k === "semi") kind = "leftsemi";
        else throw new KqlError("InvalidQueryLanguage", `Join kind '${v.text}' is not supported by Resource Graph.`, v.text, v.line, v.col);
      } else {
        // hint.strategy=... and similar: accepted and ignored.
        while (this.eatOp(".")) this.ident();
        this.expectOp("=");
        this.next();
      }
    }
    const right = this.subPipeline();
    if (!this.eatWord("on")) this.fail();
    const on: Expr[] = [];
    do on.push(this.expr());
    while (this.eatOp(","));
    // `on a and b` is split into separate conditions.
    const flat: Expr[] = [];
    const split = (e: Expr) => {
      if (e.k === "bin" && e.op === "and") {
        split(e.l);
        split(e.r);
      } else flat.push(e);
    };
    on.forEach(split);
    return { op: "join", kind, right, on: flat, at };
  }

  private mvExpand(at: Token): Operator {
    // bagexpansion=array / with_itemindex=... are not supported.
    if (this.peek().kind === "ident" && this.isOp("=", 1) && ["bagexpansion", "with_itemindex", "kind"].includes(this.peek().text.toLowerCase())) {
      const t = this.peek();
      throw new KqlError("InvalidQueryLanguage", `mv-expand parameter '${t.text}' is not supported.`, t.text, t.line, t.col);
    }
    const items: { name?: string; expr: Expr; toType?: string }[] = [];
    do {
      let name: string | undefined;
      if (this.peek().kind === "ident" && this.isOp("=", 1)) {
        name = this.next().text;
        this.next();
      }
      const expr = this.expr();
      let toType: string | undefined;
      if (this.eatWord("to")) {
        if (!this.eatWord("typeof")) this.fail();
        this.expectOp("(");
        toType = this.ident().text.toLowerCase();
        this.expectOp(")");
      }
      items.push({ name, expr, toType });
    } while (this.eatOp(","));
    let limit: number | undefined;
    if (this.eatWord("limit")) {
      const t = this.next();
      if (t.kind !== "number") this.fail(t);
      limit = t.num;
    }
    return { op: "mv-expand", items, limit, at };
  }

  private sortKey(): SortKey {
    const expr = this.expr();
    let desc = true;
    if (this.eatWord("asc")) desc = false;
    else if (this.eatWord("desc")) desc = true;
    // Kusto: nulls last when descending, first when ascending, unless told.
    let nullsFirst = !desc;
    if (this.eatWord("nulls")) {
      if (this.eatWord("first")) nullsFirst = true;
      else if (this.eatWord("last")) nullsFirst = false;
      else this.fail();
    }
    return { expr, desc, nullsFirst };
  }

  private namedList(): NamedExpr[] {
    const items: NamedExpr[] = [];
    do {
      if (this.peek().kind === "ident" && this.isOp("=", 1)) {
        const name = this.next().text;
        this.next();
        items.push({ name, expr: this.expr() });
      } else {
        items.push({ expr: this.expr() });
      }
    } while (this.eatOp(","));
    return items;
  }

  // ---- expressions ----

  expr(): Expr {
    if (++this.depth > MAX_DEPTH) {
      const t = this.peek();
      throw new KqlError("QueryLimitExceeded", "Query expression is nested too deeply.", t.text, t.line, t.col);
    }
    try {
      return this.or();
    } finally {
      this.depth--;
    }
  }

  private or(): Expr {
    let l = this.and();
    while (this.isWord("or")) {
      const at = this.next();
      l = { k: "bin", op: "or", l, r: this.and(), at };
    }
    return l;
  }

  private and(): Expr {
    let l = this.comparison();
    while (this.isWord("and")) {
      const at = this.next();
      l = { k: "bin", op: "and", l, r: this.comparison(), at };
    }
    return l;
  }

  private comparison(): Expr {
    const l = this.additive();
    const t = this.peek();
    const text = t.kind === "op" ? t.text : t.kind === "ident" ? t.text.toLowerCase() : "";
    if (t.kind === "op" && COMPARISON_OPS.has(text)) {
      this.next();
      return { k: "bin", op: text, l, r: this.additive(), at: t };
    }
    if ((t.kind === "ident" || t.kind === "op") && STRING_OPS.has(text)) {
      this.next();
      return { k: "bin", op: text, l, r: this.additive(), at: t };
    }
    if ((t.kind === "ident" || t.kind === "op") && IN_OPS.has(text)) {
      this.next();
      return { k: "in", op: text, l, list: this.inList(), at: t };
    }
    if (t.kind === "ident" && text === "matches") {
      this.next();
      if (!this.eatWord("regex")) this.fail();
      return { k: "bin", op: "matches regex", l, r: this.additive(), at: t };
    }
    if ((t.kind === "ident" && text === "between") || (t.kind === "op" && text === "!between")) {
      this.next();
      this.expectOp("(");
      const lo = this.additive();
      this.expectOp("..");
      const hi = this.additive();
      this.expectOp(")");
      return { k: "between", neg: text.startsWith("!"), l, lo, hi, at: t };
    }
    return l;
  }

  private inList(): Expr[] {
    this.expectOp("(");
    const list: Expr[] = [];
    if (!this.isOp(")")) {
      do list.push(this.expr());
      while (this.eatOp(","));
    }
    this.expectOp(")");
    return list;
  }

  private additive(): Expr {
    let l = this.multiplicative();
    while (this.isOp("+") || this.isOp("-")) {
      const at = this.next();
      l = { k: "bin", op: at.text, l, r: this.multiplicative(), at };
    }
    return l;
  }

  private multiplicative(): Expr {
    let l = this.unary();
    while (this.isOp("*") || this.isOp("/") || this.isOp("%")) {
      const at = this.next();
      l = { k: "bin", op: at.text, l, r: this.unary(), at };
    }
    return l;
  }

  private unary(): Expr {
    if (this.isOp("-")) {
      const at = this.next();
      const e = this.unary();
      if (e.k === "lit" && typeof e.v === "number") return { k: "lit", v: -e.v, at };
      if (e.k === "lit" && e.v instanceof Timespan) return { k: "lit", v: new Timespan(-e.v.ms), at };
      return { k: "neg", e, at };
    }
    if (this.isOp("+")) {
      this.next();
      return this.unary();
    }
    return this.postfix();
  }

  private postfix(): Expr {
    let e = this.primary();
    for (;;) {
      if (this.isOp(".")) {
        const at = this.next();
        const t = this.peek();
        if (t.kind === "ident") {
          this.next();
          e = { k: "member", obj: e, name: t.text, at };
        } else if (this.isOp("[")) {
          continue;
        } else this.fail(t);
      } else if (this.isOp("[")) {
        const at = this.next();
        const index = this.expr();
        this.expectOp("]");
        e = { k: "index", obj: e, index, at };
      } else return e;
    }
  }

  private primary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case "number":
        this.next();
        return { k: "lit", v: t.num, at: t };
      case "timespan":
        this.next();
        return { k: "lit", v: new Timespan(t.num ?? 0), at: t };
      case "string": {
        this.next();
        // Adjacent string literals concatenate, as in Kusto.
        let v = t.text;
        while (this.peek().kind === "string") v += this.next().text;
        return { k: "lit", v, at: t };
      }
      case "typedlit":
        this.next();
        return { k: "lit", v: this.typedLiteral(t), at: t };
      case "op":
        if (t.text === "(") {
          this.next();
          const e = this.expr();
          this.expectOp(")");
          return e;
        }
        if (t.text === "$") {
          this.next();
          const side = this.ident();
          const s = side.text.toLowerCase();
          if (s !== "left" && s !== "right") this.fail(side);
          this.expectOp(".");
          const name = this.ident();
          return { k: "side", side: s, name: name.text, at: t };
        }
        return this.fail(t);
      case "ident": {
        this.next();
        const lower = t.text.toLowerCase();
        if (this.isOp("(")) {
          if (lower === "dynamic") return { k: "lit", v: this.dynamicLiteral(), at: t };
          if (["int", "long", "real", "double", "bool", "boolean", "decimal", "guid", "string"].includes(lower)) {
            return { k: "lit", v: this.scalarLiteral(lower), at: t };
          }
          this.next();
          const args: Expr[] = [];
          let star = false;
          if (!this.isOp(")")) {
            do {
              if (this.isOp("*")) {
                this.next();
                star = true;
              } else args.push(this.expr());
            } while (this.eatOp(","));
          }
          this.expectOp(")");
          return { k: "call", name: t.text, args, at: t, star };
        }
        if (t.text === "true" || t.text === "True" || t.text === "TRUE") return { k: "lit", v: true, at: t };
        if (t.text === "false" || t.text === "False" || t.text === "FALSE") return { k: "lit", v: false, at: t };
        return { k: "col", name: t.text, at: t };
      }
      default:
        return this.fail(t);
    }
  }

  private typedLiteral(t: Token): unknown {
    const raw = (t.raw ?? "").trim();
    if (raw.toLowerCase() === "null") return null;
    if (t.text === "datetime") {
      const d = parseDatetime(raw);
      if (!d) throw new KqlError("ParserFailure", "ParserFailure", raw || ")", t.line, t.col);
      return d;
    }
    const sp = parseTimespan(raw);
    if (!sp) throw new KqlError("ParserFailure", "ParserFailure", raw || ")", t.line, t.col);
    return sp;
  }

  /** `int(5)`, `long(null)`, `bool(true)`, `real(1.5)`, `guid(...)`, `string(x)`. */
  private scalarLiteral(type: string): unknown {
    this.expectOp("(");
    const t = this.next();
    let v: unknown;
    if (t.kind === "ident" && t.text.toLowerCase() === "null") v = null;
    else if (t.kind === "ident" && (type === "bool" || type === "boolean")) v = t.text.toLowerCase() === "true";
    else if (t.kind === "number") v = t.num;
    else if (t.kind === "op" && t.text === "-" && this.peek().kind === "number") v = -(this.next().num ?? 0);
    else if (t.kind === "string" || t.kind === "ident") v = t.text;
    else this.fail(t);
    if (!this.isOp(")")) {
      // guid(74be27de-1e4e-49d9-b579-fe0b331d3642) lexes into many tokens: gather the raw text.
      if (type !== "guid") this.fail();
      let text = String(v);
      while (!this.isOp(")") && this.peek().kind !== "eof") text += this.next().text;
      v = text;
    }
    this.expectOp(")");
    return v;
  }

  /** dynamic([...]) / dynamic({...}) / dynamic(null) / dynamic(scalar). */
  private dynamicLiteral(): unknown {
    this.expectOp("(");
    const v = this.jsonValue();
    this.expectOp(")");
    return v;
  }

  private jsonValue(): unknown {
    if (++this.depth > MAX_DEPTH) this.fail();
    try {
      const t = this.next();
      if (t.kind === "op" && t.text === "[") {
        const arr: unknown[] = [];
        if (!this.eatOp("]")) {
          do arr.push(this.jsonValue());
          while (this.eatOp(","));
          this.expectOp("]");
        }
        return arr;
      }
      if (t.kind === "op" && t.text === "{") {
        const obj: Record<string, unknown> = {};
        if (!this.eatOp("}")) {
          do {
            const k = this.next();
            if (k.kind !== "string" && k.kind !== "ident") this.fail(k);
            this.expectOp(":");
            obj[k.text] = this.jsonValue();
          } while (this.eatOp(","));
          this.expectOp("}");
        }
        return obj;
      }
      if (t.kind === "op" && t.text === "-" && this.peek().kind === "number") return -(this.next().num ?? 0);
      if (t.kind === "number") return t.num;
      if (t.kind === "string") return t.text;
      if (t.kind === "typedlit") return this.typedLiteral(t);
      if (t.kind === "ident") {
        if (t.text === "null") return null;
        if (t.text === "true") return true;
        if (t.text === "false") return false;
      }
      return this.fail(t);
    } finally {
      this.depth--;
    }
  }
}
