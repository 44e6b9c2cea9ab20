import { actionKind, grantedBy } from "./actionMatches";
import type { GrantTable } from "./ailzRoles";

/** One entry of the emulator's RBAC log (`GET /_emulator/rbac-log`). */
export interface RbacLogEntry {
  time: string;
  method: string;
  path: string;
  action: string;
  status: number;
  caller: { objectId: string; idtyp?: string; appId?: string; upn?: string };
}

export interface Denied {
  action: string;
  example: string;
  count: number;
}

/** Actions used that no role grants, with one request each as an example. */
export function deniedActions(entries: readonly RbacLogEntry[], grants: GrantTable): Denied[] {
  const all = [...grants.custom, ...Object.values(grants.builtins).flat()];
  const byAction = new Map<string, Denied>();
  for (const e of entries) {
    if (grantedBy(all, e.action)) continue;
    const key = e.action.toLowerCase();
    const d = byAction.get(key) ?? { action: e.action, example: `${e.method} ${e.path} -> ${e.status}`, count: 0 };
    d.count++;
    byAction.set(key, d);
  }
  return [...byAction.values()].sort((a, b) => a.action.localeCompare(b.action));
}

/**
 * Write, delete and action grants of the custom role that no entry used. Reads are left out
 * (Reader grants them anyway); so are grants the caller says belong to features whose scenarios
 * did not run.
 */
export function unusedCustomGrants(entries: readonly RbacLogEntry[], custom: readonly string[], considered: (grant: string) => boolean): string[] {
  return custom.filter((g) => actionKind(g) !== "read" && considered(g) && !entries.some((e) => grantedBy([g], e.action)));
}
