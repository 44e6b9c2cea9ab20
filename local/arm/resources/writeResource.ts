import { randomUUID } from "node:crypto";
import { armError } from "../armError";
import type { Emulator } from "../Emulator";
import { checkLocks, checkTags, requireObjectBody, requireResourceGroup, requireWritableSubscription } from "../routes/guards";
import { parseResourceId } from "../state/resourceIds";
import type { ArmResource } from "../state/schemas";
import type { EmuRequest, EmuResponse } from "../types";
import { hookFor, viewOf } from "./resourceHooks";

const TOP_LEVEL_FIELDS = ["location", "kind", "sku", "plan", "zones", "managedBy", "extendedLocation", "identity"] as const;

function isPlainObject(x: unknown): x is Record<string, any> {
  return !!x && typeof x === "object" && !Array.isArray(x);
}

function deepMerge(base: Record<string, any>, patch: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = isPlainObject(v) && isPlainObject(base[k]) ? deepMerge(base[k], v) : v;
  return out;
}

/** Azure fills in principalId/tenantId for system-assigned identities. */
function withIdentity(identity: unknown, tenantId: string, existing?: Record<string, any>): unknown {
  if (!isPlainObject(identity)) return identity;
  const type = String(identity.type ?? "None");
  if (!/SystemAssigned/i.test(type)) return identity;
  return { ...identity, principalId: existing?.principalId ?? randomUUID(), tenantId: existing?.tenantId ?? tenantId };
}

/**
 * PUT (replace) or PATCH (merge) of a resource under a resource group: checks the group, the
 * parent resource, locks and tags; fills provisioningState, identity and systemData; runs hooks.
 */
export function writeResource(emu: Emulator, req: EmuRequest, id: string, mode: "put" | "patch"): EmuResponse {
  const parsed = parseResourceId(id);
  if (!parsed.subscriptionId || !parsed.resourceGroup || !parsed.type || !parsed.name) throw armError(400, "InvalidResourceId", `The resource id '${id}' is not valid.`);
  requireWritableSubscription(emu, parsed.subscriptionId);
  requireResourceGroup(emu, parsed.subscriptionId, parsed.resourceGroup);
  if (parsed.parentId && !emu.state.getResource(parsed.parentId)) {
    throw armError(404, "ParentResourceNotFound", `Can not perform requested operation on nested resource. Parent resource '${parsed.parentId.split("/").slice(-1)[0]}' not found.`);
  }
  checkLocks(emu, id, "write");
  const body = requireObjectBody(req.body ?? (mode === "patch" ? {} : undefined));
  const tags = checkTags(body.tags);
  const existing = emu.state.getResource(id);
  if (mode === "patch" && !existing) throw armError(404, "ResourceNotFound", `The Resource '${parsed.type}/${parsed.name}' under resource group '${parsed.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
  if (body.properties !== undefined && !isPlainObject(body.properties)) throw armError(400, "InvalidRequestContent", "The request content was invalid: 'properties' must be an object.");

  let doc: ArmResource;
  if (mode === "put") {
    doc = { id: existing?.id ?? id, name: existing?.name ?? parsed.name, type: existing?.type ?? parsed.type };
    for (const f of TOP_LEVEL_FIELDS) if (body[f] !== undefined) (doc as Record<string, unknown>)[f] = body[f];
    if (tags) doc.tags = tags;
    doc.properties = { ...(body.properties ?? {}) };
  } else {
    doc = { ...existing! };
    for (const f of TOP_LEVEL_FIELDS) if (body[f] !== undefined) (doc as Record<string, unknown>)[f] = isPlainObject(body[f]) && isPlainObject((existing as any)[f]) ? deepMerge((existing as any)[f], body[f]) : body[f];
    if (tags) doc.tags = tags;
    doc.properties = deepMerge(existing!.properties ?? {}, body.properties ?? {});
  }
  if (doc.location) doc.location = String(doc.location).toLowerCase().replace(/\s+/g, "");
  if ((doc as any).identity) (doc as any).identity = withIdentity((doc as any).identity, emu.state.tenantId, (existing as any)?.identity);
  doc.properties = { ...doc.properties, provisioningState: "Succeeded" };
  (doc as any).systemData = emu.systemData(req.caller, (existing as any)?.systemData);
  const ctx = { req, emu, existing };
  const hook = hookFor(doc.type);
  hook?.beforeWrite?.(doc, ctx);
  emu.state.putResource(doc);
  hook?.afterWrite?.(doc, ctx);
  return { status: existing ? 200 : 201, body: viewOf(doc, emu, req) };
}

/** DELETE of a resource (and its children), honouring locks; 204 when it did not exist. */
export function deleteResource(emu: Emulator, id: string): { status: number; deleted: ArmResource[] } {
  const parsed = parseResourceId(id);
  if (parsed.subscriptionId) requireWritableSubscription(emu, parsed.subscriptionId);
  const existing = emu.state.getResource(id);
  if (!existing) return { status: 204, deleted: [] };
  checkLocks(emu, id, "delete");
  const deleted = emu.state.deleteResource(id);
  for (const d of deleted) hookFor(d.type)?.afterDelete?.(d, emu);
  return { status: 200, deleted };
}
