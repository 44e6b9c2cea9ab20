import type { Token } from "./lexer";

/** Scalar expressions. `at` is the token the expression starts at (for error positions). */
export type Expr =
  | { k: "lit"; v: unknown; at: Token }
  | { k: "col"; name: string; at: Token }
  /** `$left.x` / `$right.x` inside a join's `on` clause. */
  | { k: "side"; side: "left" | "right"; name: string; at: Token }
  | { k: "member"; obj: Expr; name: string; at: Token }
  | { k: "index"; obj: Expr; index: Expr; at: Token }
  | { k: "call"; name: string; args: Expr[]; at: Token; star?: boolean }
  | { k: "neg"; e: Expr; at: Token }
  | { k: "bin"; op: string; l: Expr; r: Expr; at: Token }
  | { k: "in"; op: string; l: Expr; list: Expr[]; at: Token }
  | { k: "between"; neg: boolean; l: Expr; lo: Expr; hi: Expr; at: Token };

export interface NamedExpr {
  name?: string;
  expr: Expr;
}

export interface SortKey {
  expr: Expr;
  desc: boolean;
  nullsFirst: boolean;
}

export type Operator =
  | { op: "where"; pred: Expr; at: Token }
  | { op: "project"; items: NamedExpr[]; at: Token }
  | { op: "project-away"; names: { name: string; at: Token }[]; at: Token }
  | { op: "project-rename"; items: { name: string; from: string; at: Token }[]; at: Token }
  | { op: "extend"; items: NamedExpr[]; at: Token }
  | { op: "summarize"; aggs: NamedExpr[]; by: NamedExpr[]; at: Token }
  | { op: "sort"; keys: SortKey[]; at: Token }
  | { op: "top"; n: Expr; key: SortKey; at: Token }
  | { op: "take"; n: Expr; at: Token }
  | { op: "distinct"; items: NamedExpr[]; all: boolean; at: Token }
  | { op: "count"; at: Token }
  | { op: "join"; kind: "inner" | "innerunique" | "leftouter" | "leftanti" | "leftsemi"; right: Pipeline; on: Expr[]; at: Token }
  | { op: "mv-expand"; items: { name?: string; expr: Expr; toType?: string }[]; limit?: number; at: Token }
  | { op: "union"; pipelines: Pipeline[]; at: Token };

export interface Pipeline {
  table: string;
  tableAt: Token;
  ops: Operator[];
}
