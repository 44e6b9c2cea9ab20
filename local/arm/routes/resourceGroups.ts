import { normalizeId } from "../state/resourceIds";
import type { ArmResource } from "../state/schemas";
import type { Router } from "../types";
import { checkLocks, checkTags, lockScope, requireObjectBody, requireResourceGroup, requireSubscription, requireWritableSubscription } from "./guards";
import { hookFor } from "../resources/resourceHooks";

const RG = "/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}";

export function register(router: Router): void {
  router.add("GET", "/subscriptions/{subscriptionId}/resourcegroups", (req, emu) => {
    requireSubscription(emu, req.params.subscriptionId!);
    const prefix = `/subscriptions/${req.params.subscriptionId}/resourcegroups/`.toLowerCase();
    const filter = req.query.get("$filter");
    const m = filter ? /tagName\s+eq\s+'([^']*)'(?:\s+and\s+tagValue\s+eq\s+'([^']*)')?/i.exec(filter) : null;
    if (filter && !m) return emu.armError(400, "InvalidFilterInQueryString", `The $filter '${filter}' is not supported for resource groups.`);
    const groups = [...emu.state.resourceGroups.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .map(([, g]) => g)
      .filter((g) => !m || Object.entries(g.tags ?? {}).some(([k, v]) => k.toLowerCase() === m[1]!.toLowerCase() && (m[2] === undefined || v === m[2])));
    return { status: 200, body: emu.page(req, groups) };
  }, { kind: "read", rbacAction: "Microsoft.Resources/subscriptions/resourceGroups/read", operation: "resourceGroups.list" });

  router.add("GET", RG, (req, emu) => ({ status: 200, body: requireResourceGroup(emu, req.params.subscriptionId!, req.params.resourceGroupName!) }),
    { kind: "read", rbacAction: "Microsoft.Resources/subscriptions/resourceGroups/read", operation: "resourceGroups.get" });

  router.add("HEAD", RG, (req, emu) => {
    requireSubscription(emu, req.params.subscriptionId!);
    return { status: emu.state.getResourceGroup(req.params.subscriptionId!, req.params.resourceGroupName!) ? 204 : 404 };
  }, { kind: "read", rbacAction: "Microsoft.Resources/subscriptions/resourceGroups/read", operation: "resourceGroups.checkExistence" });

  router.add("PUT", RG, (req, emu) => {
    const sub = req.params.subscriptionId!;
    const name = req.params.resourceGroupName!;
    requireWritableSubscription(emu, sub);
    if (!/^[-\w._()]{1,90}$/.test(name) || name.endsWith(".")) return emu.armError(400, "InvalidResourceGroup", `The provided resource group name '${name}' has these invalid characters or is too long.`);
    const body = requireObjectBody(req.body);
    const existing = emu.state.getResourceGroup(sub, name);
    if (!existing && typeof body.location !== "string") return emu.armError(400, "LocationRequired", "The location property is required for this definition.");
    // A ReadOnly lock on the subscription blocks creating groups too.
    checkLocks(emu, existing?.id ?? `/subscriptions/${sub}/resourceGroups/${name}`, "write");
    const tags = checkTags(body.tags);
    const doc: ArmResource = {
      id: existing?.id ?? `/subscriptions/${sub}/resourceGroups/${name}`,
      name: existing?.name ?? name,
      type: "Microsoft.Resources/resourceGroups",
      location: existing?.location ?? String(body.location).toLowerCase().replace(/\s+/g, ""),
      ...(body.managedBy ? { managedBy: body.managedBy } : {}),
      ...(tags ? { tags } : {}),
      properties: { provisioningState: "Succeeded" },
    };
    (doc as any).systemData = emu.systemData(req.caller, (existing as any)?.systemData);
    emu.state.resourceGroups.set(normalizeId(doc.id), doc);
    return { status: existing ? 200 : 201, body: doc };
  }, { kind: "write", rbacAction: "Microsoft.Resources/subscriptions/resourceGroups/write", operation: "resourceGroups.createOrUpdate" });

  router.add("PATCH", RG, (req, emu) => {
    requireWritableSubscription(emu, req.params.subscriptionId!);
    const rg = requireResourceGroup(emu, req.params.subscriptionId!, req.params.resourceGroupName!);
    checkLocks(emu, rg.id, "write");
    const body = requireObjectBody(req.body);
    const tags = checkTags(body.tags);
    if (tags) rg.tags = tags;
    if (body.managedBy !== undefined) (rg as any).managedBy = body.managedBy;
    (rg as any).systemData = emu.systemData(req.caller, (rg as any).systemData);
    return { status: 200, body: rg };
  }, { kind: "write", rbacAction: "Microsoft.Resources/subscriptions/resourceGroups/write", operation: "resourceGroups.update" });

  router.add("DELETE", RG, (req, emu) => {
    requireWritableSubscription(emu, req.params.subscriptionId!);
    const rg = emu.state.getResourceGroup(req.params.subscriptionId!, req.params.resourceGroupName!);
    if (!rg) return { status: 204 };
    const key = normalizeId(rg.id);
    checkLocks(emu, rg.id, "delete");
    // A lock on anything inside the group blocks the whole delete.
    const inner = [...emu.state.locks.values()].map((l) => lockScope(l.id)).filter((s) => normalizeId(s).startsWith(key + "/"));
    if (inner.length > 0) return emu.armError(409, "ScopeLocked", `The scope '${rg.id}' cannot perform delete operation because following scope(s) are locked: '${inner.join("', '")}'. Please remove the lock and try again.`);
    for (const r of [...emu.state.resourcesUnder(rg.id)]) {
      for (const d of emu.state.deleteResource(r.id)) hookFor(d.type)?.afterDelete?.(d, emu);
    }
    for (const k of [...emu.state.roleAssignments.keys()]) if (k.startsWith(key + "/")) emu.state.roleAssignments.delete(k);
    emu.state.resourceGroups.delete(key);
    return { status: 202, headers: emu.asyncOperation(req, "Microsoft.Resources") };
  }, { kind: "delete", rbacAction: "Microsoft.Resources/subscriptions/resourceGroups/delete", operation: "resourceGroups.delete" });
}
