import type { Emulator } from "../Emulator";
import { deleteResource, writeResource } from "../resources/writeResource";
import { viewOf } from "../resources/resourceHooks";
import { parseResourceId } from "../state/resourceIds";
import type { ArmResource } from "../state/schemas";
import type { EmuRequest, Router } from "../types";
import { requireResourceGroup, requireSubscription } from "./guards";
import { parseResourceFilter } from "./resourceFilter";

// Any provider type under a resource group: GET/PUT/PATCH/DELETE of an instance, GET of a
// collection (top-level or child), plus list-by-type at subscription scope. Bespoke types
// add behaviour through resources/resourceHooks.

const RG_RESOURCE = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/{*resourcePath}";

export function actionFor(path: string, verb: "read" | "write" | "delete"): string {
  const direct = parseResourceId(path);
  const p = direct.name ? direct : parseResourceId(`${path}/x`);
  return `${p.type ?? "Microsoft.Resources/resources"}/${verb}`;
}

/** Segments after `providers/`: [ns, type, name, type, name, ...]; even length = an instance. */
function isInstance(resourcePath: string): boolean {
  return resourcePath.split("/").filter(Boolean).length % 2 === 1;
}

function notFound(emu: Emulator, path: string) {
  const p = parseResourceId(path);
  return emu.armError(404, "ResourceNotFound", `The Resource '${p.type}/${p.name}' under resource group '${p.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
}

function listChildren(emu: Emulator, req: EmuRequest, collectionPath: string, scope: string) {
  const prefix = collectionPath.toLowerCase() + "/";
  const filter = parseResourceFilter(req.query.get("$filter"));
  const items: ArmResource[] = [];
  for (const r of emu.state.resourcesUnder(scope)) {
    const id = r.id.toLowerCase();
    if (id.startsWith(prefix) && !id.slice(prefix.length).includes("/") && filter(r)) items.push(viewOf(r, emu, req));
  }
  return { status: 200, body: emu.page(req, items) };
}

export function register(router: Router): void {
  router.add("GET", RG_RESOURCE, (req, emu) => {
    requireResourceGroup(emu, req.params.subscriptionId!, req.params.resourceGroupName!);
    if (!isInstance(req.params.resourcePath!)) {
      const parent = req.path.slice(0, req.path.lastIndexOf("/"));
      if (parseResourceId(req.path + "/x").parentId && !emu.state.getResource(parent)) return notFound(emu, parent);
      return listChildren(emu, req, req.path, `/subscriptions/${req.params.subscriptionId}/resourceGroups/${req.params.resourceGroupName}`);
    }
    const doc = emu.state.getResource(req.path);
    if (!doc) return notFound(emu, req.path);
    return { status: 200, body: viewOf(doc, emu, req) };
  }, { kind: "read", rbacAction: (req) => actionFor(req.path, "read"), operation: "resources.get" });

  router.add("PUT", RG_RESOURCE, (req, emu) => {
    if (!isInstance(req.params.resourcePath!)) return emu.armError(405, "MethodNotAllowed", "The requested resource does not support http method 'PUT'.");
    return writeResource(emu, req, req.path, "put");
  }, { kind: "write", rbacAction: (req) => actionFor(req.path, "write"), operation: "resources.createOrUpdate" });

  router.add("PATCH", RG_RESOURCE, (req, emu) => {
    if (!isInstance(req.params.resourcePath!)) return emu.armError(405, "MethodNotAllowed", "The requested resource does not support http method 'PATCH'.");
    return writeResource(emu, req, req.path, "patch");
  }, { kind: "write", rbacAction: (req) => actionFor(req.path, "write"), operation: "resources.update" });

  router.add("DELETE", RG_RESOURCE, (req, emu) => {
    requireResourceGroup(emu, req.params.subscriptionId!, req.params.resourceGroupName!);
    if (!isInstance(req.params.resourcePath!)) return emu.armError(405, "MethodNotAllowed", "The requested resource does not support http method 'DELETE'.");
    return { status: deleteResource(emu, req.path).status };
  }, { kind: "delete", rbacAction: (req) => actionFor(req.path, "delete"), operation: "resources.delete" });

  router.add("GET", "/subscriptions/{subscriptionId}/providers/{namespace}/{resourceType}", (req, emu) => {
    requireSubscription(emu, req.params.subscriptionId!);
    const type = `${req.params.namespace}/${req.params.resourceType}`.toLowerCase();
    const filter = parseResourceFilter(req.query.get("$filter"));
    const items: ArmResource[] = [];
    for (const r of emu.state.resourcesInSubscription(req.params.subscriptionId!)) if (r.type.toLowerCase() === type && filter(r)) items.push(viewOf(r, emu, req));
    return { status: 200, body: emu.page(req, items) };
  }, { kind: "read", rbacAction: (req) => `${req.params.namespace}/${req.params.resourceType}/read`, operation: "resources.listByType" });

  router.add("GET", "/subscriptions/{subscriptionId}/resources", (req, emu) => {
    requireSubscription(emu, req.params.subscriptionId!);
    const filter = parseResourceFilter(req.query.get("$filter"));
    const items: ArmResource[] = [];
    for (const r of emu.state.resourcesInSubscription(req.params.subscriptionId!)) if (r.location && filter(r)) items.push(viewOf(r, emu, req));
    return { status: 200, body: emu.page(req, items) };
  }, { kind: "read", rbacAction: "Microsoft.Resources/subscriptions/resources/read", operation: "resources.list" });

  router.add("GET", "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/resources", (req, emu) => {
    const rg = requireResourceGroup(emu, req.params.subscriptionId!, req.params.resourceGroupName!);
    const filter = parseResourceFilter(req.query.get("$filter"));
    const items: ArmResource[] = [];
    for (const r of emu.state.resourcesUnder(rg.id)) if (r.location && filter(r)) items.push(viewOf(r, emu, req));
    return { status: 200, body: emu.page(req, items) };
  }, { kind: "read", rbacAction: "Microsoft.Resources/subscriptions/resourceGroups/resources/read", operation: "resources.listByResourceGroup" });
}
