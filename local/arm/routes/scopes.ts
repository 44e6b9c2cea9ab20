import { armError } from "../armError";
import type { Emulator } from "../Emulator";
import { normalizeId } from "../state/resourceIds";
import { requireResourceGroup, requireSubscription } from "./guards";

/** What an extension-resource scope (`{*scope}`) points at; throws 404 when it does not exist. */
export type ScopeTarget =
  | { kind: "subscription"; subscriptionId: string }
  | { kind: "resourceGroup"; subscriptionId: string; id: string }
  | { kind: "resource"; subscriptionId: string; id: string }
  | { kind: "managementGroup"; name: string }
  | { kind: "tenant" };

export function resolveScope(emu: Emulator, scope: string): ScopeTarget {
  const segs = scope.split("/").filter(Boolean);
  if (segs.length === 0) return { kind: "tenant" };
  if (segs[0]!.toLowerCase() === "providers" && segs[1]?.toLowerCase() === "microsoft.management" && segs[2]?.toLowerCase() === "managementgroups" && segs.length === 4) {
    if (!emu.state.managementGroups.has(segs[3]!.toLowerCase())) throw armError(404, "ManagementGroupNotFound", `Management group '${segs[3]}' was not found.`);
    return { kind: "managementGroup", name: segs[3]! };
  }
  if (segs[0]!.toLowerCase() !== "subscriptions" || !segs[1]) throw armError(400, "InvalidScope", `The scope '${scope}' is not valid.`);
  const subscriptionId = segs[1];
  requireSubscription(emu, subscriptionId);
  if (segs.length === 2) return { kind: "subscription", subscriptionId };
  if (segs[2]!.toLowerCase() !== "resourcegroups" || !segs[3]) throw armError(400, "InvalidScope", `The scope '${scope}' is not valid.`);
  const rg = requireResourceGroup(emu, subscriptionId, segs[3]);
  if (segs.length === 4) return { kind: "resourceGroup", subscriptionId, id: rg.id };
  const doc = emu.state.getResource(scope);
  if (!doc) throw armError(404, "ResourceNotFound", `The Resource '${segs.slice(5).join("/")}' under resource group '${segs[3]}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
  return { kind: "resource", subscriptionId, id: doc.id };
}

/** True when `inner` is `outer` or lies below it. */
export function isWithin(inner: string, outer: string): boolean {
  const i = normalizeId(inner);
  const o = normalizeId(outer);
  return o === "" || i === o || i.startsWith(o + "/");
}

/** The subscriptions and management groups above a scope, as scope ids (for inherited role assignments). */
export function ancestorScopes(emu: Emulator, scope: string): string[] {
  const m = /^\/subscriptions\/([^/]+)/i.exec(scope);
  let groups: string[] = [];
  if (m) {
    const sub = emu.state.getSubscription(m[1]!);
    if (sub) groups = emu.state.ancestorsOfGroup(emu.state.parentOfSubscription(sub));
  } else {
    // The group's parents; for a path below a group (`…/managementGroups/{g}/subscriptions/{s}`) the group itself too.
    const mg = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)(\/.*)?$/i.exec(scope);
    if (mg) groups = emu.state.ancestorsOfGroup(mg[1]!).slice(mg[2] && mg[2] !== "/" ? 0 : 1);
  }
  return groups.map((g) => `/providers/Microsoft.Management/managementGroups/${g}`);
}
