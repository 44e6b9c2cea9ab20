import type { Emulator } from "../Emulator";
import type { ManagementGroup } from "../state/schemas";
import type { EmuRequest, Router } from "../types";
import { requireObjectBody, requireSubscription } from "./guards";

const MG = "/providers/Microsoft.Management/managementGroups";
const mgId = (name: string) => `${MG}/${name}`;

function requireGroup(emu: Emulator, name: string): ManagementGroup {
  const g = emu.state.managementGroups.get(name.toLowerCase());
  if (!g) throw emu.armError(404, "NotFound", `'${mgId(name)}' not found`);
  return g;
}

function childGroups(emu: Emulator, name: string): ManagementGroup[] {
  const n = name.toLowerCase();
  return [...emu.state.managementGroups.values()].filter((g) => g.parent?.toLowerCase() === n);
}

function childSubscriptions(emu: Emulator, name: string) {
  const n = name.toLowerCase();
  return [...emu.state.subscriptions.values()].filter((s) => s.state !== "Deleted" && emu.state.parentOfSubscription(s).toLowerCase() === n);
}

function childrenTree(emu: Emulator, name: string, recurse: boolean, depth = 0): unknown[] {
  const groups = childGroups(emu, name).map((g) => ({
    type: "Microsoft.Management/managementGroups",
    id: mgId(g.name),
    name: g.name,
    displayName: g.displayName ?? g.name,
    children: recurse && depth < 8 ? childrenTree(emu, g.name, true, depth + 1) : null,
  }));
  const subs = childSubscriptions(emu, name).map((s) => ({ type: "/subscriptions", id: `/subscriptions/${s.subscriptionId}`, name: s.subscriptionId, displayName: s.displayName, children: null }));
  return [...groups, ...subs];
}

function groupView(emu: Emulator, g: ManagementGroup, req?: EmuRequest): Record<string, unknown> {
  const parent = g.parent ? emu.state.managementGroups.get(g.parent.toLowerCase()) : undefined;
  const props: Record<string, unknown> = {
    tenantId: emu.state.tenantId,
    displayName: g.displayName ?? g.name,
    details: {
      version: 1,
      updatedTime: emu.nowIso(),
      updatedBy: "emulator",
      parent: parent ? { id: mgId(parent.name), name: parent.name, displayName: parent.displayName ?? parent.name } : null,
    },
  };
  const expand = (req?.query.get("$expand") ?? "").toLowerCase().split(",");
  if (expand.includes("children")) props.children = childrenTree(emu, g.name, req?.query.get("$recurse") === "true");
  if (expand.includes("path") || expand.includes("ancestors")) {
    const chain = emu.state.ancestorsOfGroup(g.name).slice(1).reverse();
    if (expand.includes("path")) props.path = chain.map((n) => ({ name: n, displayName: emu.state.managementGroups.get(n.toLowerCase())?.displayName ?? n }));
    if (expand.includes("ancestors")) props.ancestors = [...chain].reverse();
  }
  return { id: mgId(g.name), type: "Microsoft.Management/managementGroups", name: g.name, properties: props };
}

function subscriptionUnderGroup(emu: Emulator, group: string, subscriptionId: string) {
  const s = requireSubscription(emu, subscriptionId);
  const parentName = emu.state.parentOfSubscription(s);
  const parent = emu.state.managementGroups.get(parentName.toLowerCase());
  return {
    id: `${mgId(group)}/subscriptions/${s.subscriptionId}`,
    type: "Microsoft.Management/managementGroups/subscriptions",
    name: s.subscriptionId,
    properties: { tenant: emu.state.tenantId, displayName: s.displayName, parent: { id: mgId(parentName), name: parent?.name ?? parentName, displayName: parent?.displayName ?? parent?.name ?? parentName }, state: s.state === "Enabled" ? "Active" : s.state },
  };
}

export function register(router: Router): void {
  const read = (op: string) => ({ kind: "read" as const, rbacAction: "Microsoft.Management/managementGroups/read", operation: op });

  router.add("GET", MG, (req, emu) => {
    const all = [...emu.state.managementGroups.values()].map((g) => ({ id: mgId(g.name), type: "Microsoft.Management/managementGroups", name: g.name, properties: { tenantId: emu.state.tenantId, displayName: g.displayName ?? g.name } }));
    return { status: 200, body: emu.page(req, all) };
  }, read("managementGroups.list"));

  router.add("GET", `${MG}/{groupId}`, (req, emu) => ({ status: 200, body: groupView(emu, requireGroup(emu, req.params.groupId!), req) }), read("managementGroups.get"));

  router.add("PUT", `${MG}/{groupId}`, (req, emu) => {
    const body = requireObjectBody(req.body ?? {});
    const props = (body.properties ?? {}) as { displayName?: string; details?: { parent?: { id?: string } } };
    const name = req.params.groupId!;
    const parentRef = props.details?.parent?.id;
    const parentName = parentRef ? parentRef.split("/").filter(Boolean).pop()! : emu.state.rootManagementGroupId;
    requireGroup(emu, parentName);
    if (emu.state.ancestorsOfGroup(parentName).some((a) => a.toLowerCase() === name.toLowerCase())) return emu.armError(400, "BadRequest", `Management group '${name}' cannot be moved under its own descendant '${parentName}'.`);
    const existing = emu.state.managementGroups.get(name.toLowerCase());
    const isRoot = name.toLowerCase() === emu.state.rootManagementGroupId.toLowerCase();
    const g: ManagementGroup = { name: existing?.name ?? name, displayName: props.displayName ?? existing?.displayName ?? name, parent: isRoot ? undefined : parentName };
    emu.state.managementGroups.set(name.toLowerCase(), g);
    return { status: 200, body: groupView(emu, g) };
  }, { kind: "write", rbacAction: "Microsoft.Management/managementGroups/write", operation: "managementGroups.createOrUpdate" });

  router.add("DELETE", `${MG}/{groupId}`, (req, emu) => {
    const g = requireGroup(emu, req.params.groupId!);
    if (!g.parent) return emu.armError(400, "BadRequest", "The root management group cannot be deleted.");
    if (childGroups(emu, g.name).length > 0 || childSubscriptions(emu, g.name).length > 0) return emu.armError(400, "BadRequest", `Management group '${g.name}' has children and cannot be deleted.`);
    emu.state.managementGroups.delete(g.name.toLowerCase());
    return { status: 200, body: { id: mgId(g.name), type: "Microsoft.Management/managementGroups", name: g.name, status: "Succeeded" } };
  }, { kind: "delete", rbacAction: "Microsoft.Management/managementGroups/delete", operation: "managementGroups.delete" });

  router.add("GET", `${MG}/{groupId}/descendants`, (req, emu) => {
    const root = requireGroup(emu, req.params.groupId!);
    const out: unknown[] = [];
    const walk = (name: string, depth: number) => {
      if (depth > 8) return;
      for (const g of childGroups(emu, name)) {
        out.push({ id: mgId(g.name), type: "Microsoft.Management/managementGroups", name: g.name, properties: { displayName: g.displayName ?? g.name, parent: { id: mgId(name) } } });
        walk(g.name, depth + 1);
      }
      for (const s of childSubscriptions(emu, name)) out.push({ id: `/subscriptions/${s.subscriptionId}`, type: "/subscriptions", name: s.subscriptionId, properties: { displayName: s.displayName, parent: { id: mgId(name) } } });
    };
    walk(root.name, 0);
    return { status: 200, body: emu.page(req, out) };
  }, read("managementGroups.descendants"));

  router.add("GET", `${MG}/{groupId}/subscriptions`, (req, emu) => {
    const g = requireGroup(emu, req.params.groupId!);
    return { status: 200, body: emu.page(req, childSubscriptions(emu, g.name).map((s) => subscriptionUnderGroup(emu, g.name, s.subscriptionId))) };
  }, read("managementGroups.subscriptions.list"));

  router.add("GET", `${MG}/{groupId}/subscriptions/{subscriptionId}`, (req, emu) => {
    const g = requireGroup(emu, req.params.groupId!);
    const s = requireSubscription(emu, req.params.subscriptionId!);
    if (emu.state.parentOfSubscription(s).toLowerCase() !== g.name.toLowerCase()) return emu.armError(404, "NotFound", `Subscription '${s.subscriptionId}' is not under management group '${g.name}'.`);
    return { status: 200, body: subscriptionUnderGroup(emu, g.name, s.subscriptionId) };
  }, read("managementGroups.subscriptions.get"));

  router.add("PUT", `${MG}/{groupId}/subscriptions/{subscriptionId}`, (req, emu) => {
    const g = requireGroup(emu, req.params.groupId!);
    const s = requireSubscription(emu, req.params.subscriptionId!);
    s.managementGroupId = g.parent ? g.name : undefined;
    return { status: 200, body: subscriptionUnderGroup(emu, g.name, s.subscriptionId) };
  }, { kind: "write", rbacAction: "Microsoft.Management/managementGroups/subscriptions/write", operation: "managementGroups.subscriptions.create", eventResource: (req) => `/subscriptions/${req.params.subscriptionId}` });

  router.add("DELETE", `${MG}/{groupId}/subscriptions/{subscriptionId}`, (req, emu) => {
    requireGroup(emu, req.params.groupId!);
    const s = requireSubscription(emu, req.params.subscriptionId!);
    s.managementGroupId = undefined;
    return { status: 200 };
  }, { kind: "delete", rbacAction: "Microsoft.Management/managementGroups/subscriptions/delete", operation: "managementGroups.subscriptions.delete", eventResource: () => undefined });
}
