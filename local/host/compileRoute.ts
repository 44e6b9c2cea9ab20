// ASP.NET Core route templates as the Functions host accepts them in `route`:
// literal segments, `{name}`, optional `{name?}`, defaults `{name=value}`, catch-all `{*rest}`,
// and inline constraints `{id:int}`, `{id:guid}`, `{name:alpha:minlength(2)}`, `{x:regex(^a+$)}`.
// Matching is case-insensitive on literals, like ASP.NET routing.

export interface CompiledRoute {
  template: string;
  /** Higher wins when two templates match the same path (literal > constrained > param > catch-all). */
  precedence: number[];
  match(path: string): Record<string, string> | null;
}

type Constraint = (value: string) => boolean;

interface Segment {
  kind: "literal" | "param" | "catchAll";
  literal?: string;
  name?: string;
  optional?: boolean;
  defaultValue?: string;
  constraints: Constraint[];
}

const NUM = /^-?\d+$/;
const FLOAT = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function parseArgs(raw: string, name: string): number[] {
  const nums = raw.split(",").map((s) => Number(s.trim()));
  if (nums.some((n) => !Number.isFinite(n))) throw new Error(`route: bad constraint argument "${raw}" for "${name}"`);
  return nums;
}

function buildConstraint(spec: string, template: string): Constraint {
  const m = /^([a-zA-Z]+)(?:\((.*)\))?$/s.exec(spec);
  if (!m) throw new Error(`route "${template}": unknown constraint "${spec}"`);
  const [, name, arg] = m as unknown as [string, string, string | undefined];
  switch (name.toLowerCase()) {
    case "int":
      return (v) => NUM.test(v) && Math.abs(Number(v)) <= 2147483648;
    case "long":
      return (v) => NUM.test(v);
    case "float":
    case "double":
    case "decimal":
      return (v) => FLOAT.test(v);
    case "bool":
      return (v) => /^(true|false)$/i.test(v);
    case "alpha":
      return (v) => /^[a-z]+$/i.test(v);
    case "guid":
      return (v) => /^[{(]?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}[)}]?$/i.test(v);
    case "datetime":
      return (v) => !Number.isNaN(Date.parse(v));
    case "minlength": {
      const [n] = parseArgs(arg ?? "", spec);
      return (v) => v.length >= n!;
    }
    case "maxlength": {
      const [n] = parseArgs(arg ?? "", spec);
      return (v) => v.length <= n!;
    }
    case "length": {
      const [a, b] = parseArgs(arg ?? "", spec);
      return b === undefined ? (v) => v.length === a : (v) => v.length >= a! && v.length <= b;
    }
    case "min": {
      const [n] = parseArgs(arg ?? "", spec);
      return (v) => NUM.test(v) && Number(v) >= n!;
    }
    case "max": {
      const [n] = parseArgs(arg ?? "", spec);
      return (v) => NUM.test(v) && Number(v) <= n!;
    }
    case "range": {
      const [a, b] = parseArgs(arg ?? "", spec);
      return (v) => NUM.test(v) && Number(v) >= a! && Number(v) <= b!;
    }
    case "regex": {
      const re = new RegExp(arg ?? "", "i");
      return (v) => re.test(v);
    }
    default:
      throw new Error(`route "${template}": unknown constraint "${spec}"`);
  }
}

/** Split on ':' outside parentheses, so regex arguments may contain ':'. */
function splitConstraints(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of body) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === ":" && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

function parseSegment(seg: string, template: string): Segment {
  const m = /^\{(.+)\}$/s.exec(seg);
  if (!m) {
    if (seg.includes("{") || seg.includes("}")) throw new Error(`route "${template}": segments mixing literals and parameters are not supported ("${seg}")`);
    return { kind: "literal", literal: seg.toLowerCase(), constraints: [] };
  }
  let body = m[1]!;
  let defaultValue: string | undefined;
  const eq = body.indexOf("=");
  if (eq >= 0 && !body.slice(0, eq).includes("(")) {
    defaultValue = body.slice(eq + 1);
    body = body.slice(0, eq);
  }
  const [rawName, ...specs] = splitConstraints(body);
  let name = rawName!.trim();
  const catchAll = name.startsWith("*");
  if (catchAll) name = name.replace(/^\*+/, "");
  let optional = defaultValue !== undefined;
  if (name.endsWith("?")) {
    optional = true;
    name = name.slice(0, -1);
  }
  if (specs.length && specs[specs.length - 1]!.endsWith("?")) {
    optional = true;
    specs[specs.length - 1] = specs[specs.length - 1]!.slice(0, -1);
  }
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`route "${template}": bad parameter name "${name}"`);
  return {
    kind: catchAll ? "catchAll" : "param",
    name,
    optional: optional || catchAll,
    defaultValue,
    constraints: specs.map((s) => buildConstraint(s, template)),
  };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function compileRoute(template: string): CompiledRoute {
  const trimmed = template.replace(/^\/+|\/+$/g, "");
  const segments = trimmed === "" ? [] : trimmed.split("/").map((s) => parseSegment(s, template));
  segments.forEach((s, i) => {
    if (s.kind === "catchAll" && i !== segments.length - 1) throw new Error(`route "${template}": a catch-all parameter must be last`);
  });
  const precedence = segments.map((s) => (s.kind === "literal" ? 4 : s.kind === "catchAll" ? 1 : s.constraints.length ? 3 : 2));

  return {
    template,
    precedence,
    match(path) {
      const parts = path.replace(/^\/+|\/+$/g, "").split("/").filter((p, i, all) => !(p === "" && all.length === 1));
      const params: Record<string, string> = {};
      let i = 0;
      for (const seg of segments) {
        if (seg.kind === "catchAll") {
          const rest = parts.slice(i).map(decode).join("/");
          if (rest === "" && seg.defaultValue === undefined) {
            i = parts.length;
            continue;
          }
          const value = rest === "" ? seg.defaultValue! : rest;
          if (!seg.constraints.every((c) => c(value))) return null;
          params[seg.name!] = value;
          i = parts.length;
          continue;
        }
        const part = parts[i];
        if (part === undefined) {
          if (seg.kind === "param" && seg.optional) {
            if (seg.defaultValue !== undefined) params[seg.name!] = seg.defaultValue;
            continue;
          }
          return null;
        }
        if (seg.kind === "literal") {
          if (decode(part).toLowerCase() !== seg.literal) return null;
        } else {
          const value = decode(part);
          if (!seg.constraints.every((c) => c(value))) return null;
          params[seg.name!] = value;
        }
        i++;
      }
      return i === parts.length ? params : null;
    },
  };
}

/** Order routes so the most specific template is tried first, as ASP.NET route precedence does. */
export function byPrecedence(a: CompiledRoute, b: CompiledRoute): number {
  const n = Math.max(a.precedence.length, b.precedence.length);
  for (let i = 0; i < n; i++) {
    const d = (b.precedence[i] ?? 0) - (a.precedence[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
