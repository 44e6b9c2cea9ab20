import type { Handler, RouteOptions, Router } from "./types";

// ARM paths are case-insensitive and some routes apply "at any scope" (locks, role
// assignments, tags), so templates support `{name}` (one segment) and `{*name}` (one or more
// segments). When several templates match, the one with more literal segments wins; on a tie,
// the one whose literals sit closer to the end of the path wins: `{*scope}/providers/
// Microsoft.Authorization/locks/{name}` beats a generic `.../providers/{*resourcePath}`.

type Segment = { kind: "literal"; lower: string } | { kind: "param"; name: string } | { kind: "rest"; name: string };

export interface Route {
  method: string;
  template: string;
  segments: Segment[];
  handler: Handler;
  opts: RouteOptions;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export function splitPath(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}

function parseTemplate(template: string): Segment[] {
  return splitPath(template).map((s): Segment => {
    const m = /^\{(\*?)([A-Za-z0-9_]+)\}$/.exec(s);
    if (!m) return { kind: "literal", lower: s.toLowerCase() };
    return m[1] ? { kind: "rest", name: m[2]! } : { kind: "param", name: m[2]! };
  });
}

/** Matches segments; fills `literalAt` (per path segment) and `params`. Backtracks over `{*rest}`. */
function matchSegments(
  segs: Segment[],
  si: number,
  path: string[],
  lower: string[],
  pi: number,
  params: Record<string, string>,
  literalAt: boolean[],
): boolean {
  if (si === segs.length) return pi === path.length;
  if (pi >= path.length) return false;
  const seg = segs[si]!;
  if (seg.kind === "literal") {
    if (lower[pi] !== seg.lower) return false;
    literalAt[pi] = true;
    if (matchSegments(segs, si + 1, path, lower, pi + 1, params, literalAt)) return true;
    literalAt[pi] = false;
    return false;
  }
  if (seg.kind === "param") {
    params[seg.name] = path[pi]!;
    if (matchSegments(segs, si + 1, path, lower, pi + 1, params, literalAt)) return true;
    delete params[seg.name];
    return false;
  }
  const remainingMin = segs.length - si - 1;
  for (let end = pi + 1; end <= path.length - remainingMin; end++) {
    params[seg.name] = "/" + path.slice(pi, end).join("/");
    if (matchSegments(segs, si + 1, path, lower, end, params, literalAt)) return true;
  }
  delete params[seg.name];
  return false;
}

/** Positive when a is more specific than b. */
function compareSpecificity(a: boolean[], b: boolean[]): number {
  const count = (x: boolean[]) => x.filter(Boolean).length;
  const d = count(a) - count(b);
  if (d !== 0) return d;
  for (let i = a.length - 1; i >= 0; i--) {
    if (a[i] !== b[i]) return a[i] ? 1 : -1;
  }
  return 0;
}

export class ArmRouter implements Router {
  private readonly routes: Route[] = [];

  add(method: string, template: string, handler: Handler, opts: RouteOptions): void {
    this.routes.push({ method: method.toUpperCase(), template, segments: parseTemplate(template), handler, opts });
  }

  /** The best route for this method and path; `allowed` lists the methods that would match the path. */
  match(method: string, segments: string[]): { match?: RouteMatch; pathKnown: boolean } {
    const lower = segments.map((s) => s.toLowerCase());
    const m = method.toUpperCase();
    let best: { match: RouteMatch; literalAt: boolean[]; rest: boolean } | undefined;
    let pathKnown = false;
    for (const route of this.routes) {
      const params: Record<string, string> = {};
      const literalAt = new Array<boolean>(segments.length).fill(false);
      if (!matchSegments(route.segments, 0, segments, lower, 0, params, literalAt)) continue;
      pathKnown = true;
      if (route.method !== m && !(m === "HEAD" && route.method === "GET")) continue;
      const rest = route.segments.some((s) => s.kind === "rest");
      const cmp = best ? compareSpecificity(literalAt, best.literalAt) : 1;
      // On a tie, a fixed-length template beats one with `{*rest}`, and an exact method beats HEAD->GET.
      if (!best || cmp > 0 || (cmp === 0 && ((!rest && best.rest) || (rest === best.rest && route.method === m && best.match.route.method !== m)))) {
        best = { match: { route, params: { ...params } }, literalAt, rest };
      }
    }
    return { match: best?.match, pathKnown };
  }

  list(): { method: string; template: string }[] {
    return this.routes.map((r) => ({ method: r.method, template: r.template }));
  }
}
