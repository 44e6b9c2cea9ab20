import fs from "node:fs";
import path from "node:path";
import type { Node } from "web-tree-sitter";
import { parseBicep } from "./parseBicep";

// A small evaluator for the literal parts of a Bicep file: objects, arrays, strings with
// interpolation, numbers, booleans, null, parameters (given), variables, member access, the
// ternary, ==, !=, &&, || and !, and loadJsonContent. Enough to read what a resource declaration would send to ARM for given
// parameters, so a test can compare it with what ailz's code sends. Anything else throws,
// naming the construct, rather than guessing.

export interface BicepContext {
  params: Record<string, unknown>;
  /** Values for `subscription()` and the like, by call text (e.g. "subscription()"). */
  calls?: Record<string, unknown>;
}

export interface EvaluatedBicep {
  /** The value of a resource declaration's body (its `parent`, `name`, `identity`, `properties`...). */
  resource(symbol: string): Record<string, unknown>;
}

export async function evaluateBicep(file: string, ctx: BicepContext): Promise<EvaluatedBicep> {
  const tree = await parseBicep(fs.readFileSync(file, "utf8"));
  const decls = new Map<string, Node>();
  for (const n of tree.rootNode.namedChildren) {
    if (!n || !["variable_declaration", "resource_declaration"].includes(n.type)) continue;
    const id = n.namedChildren.find((c) => c?.type === "identifier");
    if (id) decls.set(id.text, n);
  }
  const cache = new Map<string, unknown>();
  const fail = (n: Node, what: string): never => {
    throw new Error(`${path.basename(file)}:${n.startPosition.row + 1}: cannot evaluate ${what}: ${n.text.slice(0, 60)}`);
  };
  const bodyOf = (decl: Node): Node => decl.namedChildren.filter((c): c is Node => c !== null).slice(-1)[0]!;

  const lookup = (name: string, at: Node): unknown => {
    if (name in ctx.params) return ctx.params[name];
    if (cache.has(name)) return cache.get(name);
    const decl = decls.get(name);
    if (!decl) return fail(at, `the name '${name}'`);
    if (decl.type === "resource_declaration") return fail(at, `a reference to resource '${name}'`);
    const v = evaluate(bodyOf(decl));
    cache.set(name, v);
    return v;
  };

  const evaluate = (n: Node): unknown => {
    switch (n.type) {
      case "object": {
        const out: Record<string, unknown> = {};
        for (const p of n.namedChildren) {
          if (!p || p.type !== "object_property") continue;
          const [k, v] = p.namedChildren.filter((c): c is Node => c !== null);
          const key = k!.type === "string" ? String(evaluate(k!)) : k!.text;
          out[key] = evaluate(v!);
        }
        return out;
      }
      case "array":
        return n.namedChildren.filter((c): c is Node => c !== null).map(evaluate);
      case "string":
        return n.namedChildren
          .filter((c): c is Node => c !== null)
          .map((c) => (c.type === "string_content" ? c.text : c.type === "escape_sequence" ? c.text.slice(1) : c.type === "interpolation" ? String(evaluate(c.namedChildren[0]!)) : fail(c, c.type)))
          .join("");
      case "number":
      case "int":
        return Number(n.text);
      case "boolean":
        return n.text === "true";
      case "identifier":
        return lookup(n.text, n);
      case "parenthesized_expression":
        return evaluate(n.namedChildren[0]!);
      case "null":
        return null;
      case "ternary_expression": {
        const [cond, yes, no] = n.namedChildren.filter((c): c is Node => c !== null);
        return evaluate(cond!) ? evaluate(yes!) : evaluate(no!);
      }
      case "binary_expression": {
        const [l, r] = n.namedChildren.filter((c): c is Node => c !== null);
        const op = n.children.find((c) => c && !c.isNamed)?.text;
        const a = evaluate(l!);
        const b = evaluate(r!);
        if (op === "==") return a === b;
        if (op === "!=") return a !== b;
        if (op === "&&") return Boolean(a) && Boolean(b);
        if (op === "||") return Boolean(a) || Boolean(b);
        return fail(n, `the operator ${op}`);
      }
      case "unary_expression": {
        const op = n.children.find((c) => c && !c.isNamed)?.text;
        if (op === "!") return !evaluate(n.namedChildren[0]!);
        return fail(n, `the operator ${op}`);
      }
      case "member_expression": {
        const [obj, prop] = n.namedChildren.filter((c): c is Node => c !== null);
        if (obj!.type === "call_expression" && ctx.calls && obj!.text in ctx.calls) return (ctx.calls[obj!.text] as Record<string, unknown>)[prop!.text];
        // A resource's name is its declared one; its id stands as `<type>/<name>` (ARM computes the rest).
        const ref = obj!.type === "identifier" ? decls.get(obj!.text) : undefined;
        if (ref?.type === "resource_declaration" && (prop!.text === "name" || prop!.text === "id")) {
          const r = evaluatedResource(obj!.text);
          const type = String(evaluate(ref.namedChildren.find((c) => c?.type === "string")!)).split("@")[0];
          return prop!.text === "name" ? r.name : `${type}/${String(r.name)}`;
        }
        const o = evaluate(obj!) as Record<string, unknown> | undefined;
        if (!o || typeof o !== "object" || !(prop!.text in o)) return fail(n, `member '${prop!.text}'`);
        return o[prop!.text];
      }
      case "call_expression": {
        const fn = n.childForFieldName("function")?.text;
        if (ctx.calls && n.text in ctx.calls) return ctx.calls[n.text];
        if (fn === "loadJsonContent") {
          const arg = n.childForFieldName("arguments")?.namedChildren.find((a) => a?.type === "string");
          if (!arg) return fail(n, "a loadJsonContent without a literal path");
          return JSON.parse(fs.readFileSync(path.resolve(path.dirname(file), String(evaluate(arg))), "utf8"));
        }
        if (fn === "empty") {
          const arg = n.childForFieldName("arguments")?.namedChildren[0];
          const v = arg ? evaluate(arg) : undefined;
          return v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0) || (typeof v === "object" && v !== null && Object.keys(v).length === 0);
        }
        return fail(n, `the call ${fn}()`);
      }
      default:
        return fail(n, n.type);
    }
  };

  const evaluatedResource = (symbol: string): Record<string, unknown> => {
    const decl = decls.get(symbol);
    if (!decl || decl.type !== "resource_declaration") throw new Error(`${path.basename(file)}: no resource '${symbol}'`);
    let body = bodyOf(decl);
    // `= if (condition) { ... }`: the object is the statement's body.
    if (body.type === "if_statement") body = body.namedChildren.filter((c): c is Node => c !== null).slice(-1)[0]!;
    if (body.type !== "object") throw new Error(`${path.basename(file)}: resource '${symbol}' is conditional or a loop; evaluate its object instead`);
    const out: Record<string, unknown> = {};
    // `parent` and `scope` name symbols, not values: leave them out.
    for (const p of body.namedChildren) {
      if (!p || p.type !== "object_property") continue;
      const [k, v] = p.namedChildren.filter((c): c is Node => c !== null);
      if (k!.text === "parent" || k!.text === "scope") continue;
      out[k!.text] = evaluate(v!);
    }
    return out;
  };

  return { resource: evaluatedResource };
}
