import { isMap, isPair, isScalar, LineCounter, parseDocument, visit, type Document, type Node } from "yaml";
import type { z } from "zod";
import { policySchema, type Policy } from "./Policy";
import { PolicyError, type PolicyIssue } from "./PolicyError";
import { expandEnv } from "./expandEnv";

export interface ParsePolicyOptions {
  /** Values for `${NAME}` references; none are expanded when omitted. */
  env?: Record<string, string | undefined>;
}

const pathText = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, k) => (typeof k === "number" ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), "");

/** The deepest YAML node along `path` that exists (a missing field points at its parent). */
function nodeAt(doc: Document, path: readonly PropertyKey[]): Node | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true);
    if (node && typeof node === "object" && "range" in node) return node as Node;
  }
  return doc.contents ?? undefined;
}

/** For an unknown key, point at the key itself rather than at its map. */
function keyNode(map: Node | undefined, key: string): Node | undefined {
  if (!isMap(map)) return undefined;
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item.key;
  }
  return undefined;
}

function locate(lc: LineCounter, node: Node | undefined): { line: number; col: number } {
  const offset = node?.range?.[0] ?? 0;
  return lc.linePos(offset);
}

/**
 * Parses and validates policy YAML. Throws `PolicyError` listing every YAML syntax error,
 * unset environment reference and schema violation with its line and column.
 */
export function parsePolicy(text: string, file = "guardrails.yaml", opts: ParsePolicyOptions = {}): Policy {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const issues: PolicyIssue[] = doc.errors.map((e) => {
    const pos = lc.linePos(e.pos[0]);
    return { line: pos.line, col: pos.col, path: "", message: e.message.split("\n")[0]! };
  });
  if (issues.length > 0) throw new PolicyError(file, issues);

  if (opts.env) {
    const env = opts.env;
    visit(doc, {
      Scalar(_key, node, ancestors) {
        if (typeof node.value !== "string" || !node.value.includes("${")) return;
        const parent = ancestors[ancestors.length - 1];
        if (isPair(parent) && parent.key === node) return;
        const { value, missing } = expandEnv(node.value, env);
        node.value = value;
        for (const name of missing) {
          const pos = locate(lc, node);
          issues.push({ ...pos, path: "", message: `environment variable ${name} is not set and has no fallback (\${${name}:-value})` });
        }
      },
    });
    if (issues.length > 0) throw new PolicyError(file, issues);
  }

  // jitless: the policy is parsed once per process, so compiling zod's per-object fast path (a
  // `new Function` per object schema, most of a first parse's cost) never pays back; start-up
  // validates the same fields, only without the code generation.
  const result = policySchema().safeParse(toJs(doc, lc, file) ?? {}, { jitless: true });
  if (result.success) return result.data;
  throw new PolicyError(file, result.error.issues.map((issue) => toPolicyIssue(doc, lc, issue)));
}

/**
 * The document as plain data. Aliases are only resolved here, so an alias to no anchor, or one
 * expanding past the alias limit (a "billion laughs" file), is a policy error at the alias.
 */
function toJs(doc: Document, lc: LineCounter, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    let at = { line: 1, col: 1 };
    visit(doc, {
      Alias(_key, node) {
        if (node.resolve(doc) !== undefined) return undefined;
        at = locate(lc, node);
        return visit.BREAK;
      },
    });
    throw new PolicyError(file, [{ ...at, path: "", message: (e as Error).message.split("\n")[0]! }]);
  }
}

function toPolicyIssue(doc: Document, lc: LineCounter, issue: z.core.$ZodIssue): PolicyIssue {
  let node = nodeAt(doc, issue.path);
  let path = issue.path;
  if (issue.code === "unrecognized_keys" && issue.keys.length > 0) {
    node = keyNode(node, issue.keys[0]!) ?? node;
    path = [...issue.path, issue.keys[0]!];
  }
  return { ...locate(lc, node), path: pathText(path), message: issue.message };
}
