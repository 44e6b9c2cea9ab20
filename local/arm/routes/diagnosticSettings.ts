import { armError } from "../armError";
import type { Emulator } from "../Emulator";
import { grantingAssignment } from "../rbac/checkAccess";
import { normalizeId } from "../state/resourceIds";
import type { ArmResource } from "../state/schemas";
import type { EmuRequest, Router } from "../types";
import { checkLocks, requireObjectBody, requireWritableSubscription } from "./guards";
import { resolveScope } from "./scopes";

// Diagnostic settings on resources (Microsoft.Insights/diagnosticSettings, api-version
// 2021-05-01-preview; azure-rest-api-specs monitor examples getDiagnosticSetting,
// listDiagnosticSettings, createOrUpdateDiagnosticSetting). They are extension resources: Resource
// Graph's resources table does not hold them, so a reader lists them per resource. At most five
// per resource; each needs a destination and something enabled to send. As in Azure, deleting the
// resource leaves its settings behind (they apply again if it is recreated under the same id).
// A Log Analytics destination is a linked scope: the caller also needs the workspace's
// sharedKeys action there (LinkedAuthorizationFailed otherwise), which the RBAC log records.

const ONE = "{*resourceUri}/providers/Microsoft.Insights/diagnosticSettings/{name}";
const LIST = "{*resourceUri}/providers/Microsoft.Insights/diagnosticSettings";
const MAX_PER_RESOURCE = 5;
const CATEGORY_GROUPS = new Set(["alllogs", "audit"]);
const RETENTION = { enabled: false, days: 0 };
const LINKED_WORKSPACE_ACTION = "Microsoft.OperationalInsights/workspaces/sharedKeys/action";

/** Azure's linked authorization on the workspace a setting sends to: logged always, refused when the estate enforces RBAC. */
function checkLinkedWorkspace(emu: Emulator, req: EmuRequest, settingId: string, workspaceId: string): void {
  const c = req.caller;
  const allowed = emu.state.settings.rbac !== "enforce" || grantingAssignment(emu, c.objectId, LINKED_WORKSPACE_ACTION, workspaceId) !== undefined;
  emu.recordRbac({ time: emu.nowIso(), method: "POST", path: `${workspaceId}/sharedKeys`, action: LINKED_WORKSPACE_ACTION, status: allowed ? 200 : 403, caller: { objectId: c.objectId, idtyp: c.idtyp, appId: c.appId, upn: c.upn } });
  if (!allowed) {
    throw armError(403, "LinkedAuthorizationFailed", `The client '${c.objectId}' with object id '${c.objectId}' has permission to perform action 'Microsoft.Insights/diagnosticSettings/write' on scope '${settingId}'; however, it does not have permission to perform action '${LINKED_WORKSPACE_ACTION}' on the linked scope(s) '${workspaceId}' or the linked scope(s) are invalid.`);
  }
}

/** The resource a setting hangs on; subscription-level (activity log) settings are another API. */
function requireResource(emu: Emulator, uri: string): ArmResource {
  const target = resolveScope(emu, uri);
  if (target.kind !== "resource") throw armError(400, "InvalidResourceUri", `The resource URI '${uri}' does not name a resource; diagnostic settings are served here for resources only.`);
  return emu.state.getResource(uri)!;
}

const settingsOf = (emu: Emulator, resourceId: string) => {
  const prefix = `${normalizeId(resourceId)}/providers/microsoft.insights/diagnosticsettings/`;
  return [...emu.state.diagnosticSettings.entries()].filter(([k]) => k.startsWith(prefix)).map(([, v]) => v);
};

function validated(req: EmuRequest): Record<string, unknown> {
  const p = requireObjectBody(requireObjectBody(req.body).properties) as Record<string, any>;
  const bad = (msg: string): never => {
    throw armError(400, "BadRequest", msg);
  };
  const destinations = ["workspaceId", "storageAccountId", "eventHubAuthorizationRuleId", "marketplacePartnerId"].filter((k) => typeof p[k] === "string" && p[k] !== "");
  if (destinations.length === 0) bad("At least one destination (workspaceId, storageAccountId, eventHubAuthorizationRuleId or marketplacePartnerId) must be specified.");
  const logs = p.logs ?? [];
  const metrics = p.metrics ?? [];
  if (!Array.isArray(logs) || !Array.isArray(metrics)) bad("'properties.logs' and 'properties.metrics' must be arrays.");
  logs.forEach((l: any, i: number) => {
    if (typeof l?.enabled !== "boolean") bad(`'properties.logs[${i}].enabled' is required.`);
    if (!l.category === !l.categoryGroup) bad(`'properties.logs[${i}]' needs exactly one of 'category' or 'categoryGroup'.`);
    if (l.categoryGroup && !CATEGORY_GROUPS.has(String(l.categoryGroup).toLowerCase())) bad(`'properties.logs[${i}].categoryGroup' must be 'allLogs' or 'audit'.`);
  });
  metrics.forEach((m: any, i: number) => {
    if (typeof m?.enabled !== "boolean") bad(`'properties.metrics[${i}].enabled' is required.`);
  });
  if (![...logs, ...metrics].some((x: any) => x.enabled)) bad("At least one log category or metric must be enabled.");
  return {
    storageAccountId: p.storageAccountId ?? null,
    serviceBusRuleId: p.serviceBusRuleId ?? null,
    workspaceId: p.workspaceId ?? null,
    eventHubAuthorizationRuleId: p.eventHubAuthorizationRuleId ?? null,
    eventHubName: p.eventHubName ?? null,
    ...(p.marketplacePartnerId ? { marketplacePartnerId: p.marketplacePartnerId } : {}),
    metrics: metrics.map((m: any) => ({ category: m.category ?? null, enabled: m.enabled, retentionPolicy: m.retentionPolicy ?? RETENTION })),
    logs: logs.map((l: any) => ({ category: l.category ?? null, categoryGroup: l.categoryGroup ?? null, enabled: l.enabled, retentionPolicy: l.retentionPolicy ?? RETENTION })),
    logAnalyticsDestinationType: p.logAnalyticsDestinationType ?? null,
  };
}

export function register(router: Router): void {
  router.add("GET", LIST, (req, emu) => {
    const resource = requireResource(emu, req.params.resourceUri!);
    // One unpaged collection (DiagnosticSettingsResourceCollection has no nextLink).
    return { status: 200, body: { value: settingsOf(emu, resource.id) } };
  }, { kind: "read", rbacAction: "Microsoft.Insights/diagnosticSettings/read", operation: "diagnosticSettings.list" });

  router.add("GET", ONE, (req, emu) => {
    requireResource(emu, req.params.resourceUri!);
    const doc = emu.state.diagnosticSettings.get(normalizeId(req.path));
    if (!doc) return emu.armError(404, "ResourceNotFound", `The diagnostic setting '${req.params.name}' doesn't exist.`);
    return { status: 200, body: doc };
  }, { kind: "read", rbacAction: "Microsoft.Insights/diagnosticSettings/read", operation: "diagnosticSettings.get" });

  router.add("PUT", ONE, (req, emu) => {
    const resource = requireResource(emu, req.params.resourceUri!);
    requireWritableSubscription(emu, req.params.resourceUri!.split("/")[2]!);
    checkLocks(emu, resource.id, "write");
    const properties = validated(req);
    const id = `${resource.id}/providers/microsoft.insights/diagnosticSettings/${req.params.name}`;
    if (typeof properties.workspaceId === "string") checkLinkedWorkspace(emu, req, id, properties.workspaceId);
    const existing = emu.state.diagnosticSettings.get(normalizeId(id));
    if (!existing && settingsOf(emu, resource.id).length >= MAX_PER_RESOURCE) {
      return emu.armError(400, "BadRequest", `Resource '${resource.id}' already has ${MAX_PER_RESOURCE} diagnostic settings; at most ${MAX_PER_RESOURCE} are allowed.`);
    }
    const doc: ArmResource = { id: existing?.id ?? id, type: "Microsoft.Insights/diagnosticSettings", name: existing?.name ?? req.params.name!, properties };
    emu.state.diagnosticSettings.set(normalizeId(id), doc);
    return { status: 200, body: doc };
  }, { kind: "write", rbacAction: "Microsoft.Insights/diagnosticSettings/write", operation: "diagnosticSettings.createOrUpdate" });

  router.add("DELETE", ONE, (req, emu) => {
    const resource = requireResource(emu, req.params.resourceUri!);
    checkLocks(emu, resource.id, "write");
    const existed = emu.state.diagnosticSettings.delete(normalizeId(req.path));
    return { status: existed ? 200 : 204 };
  }, { kind: "delete", rbacAction: "Microsoft.Insights/diagnosticSettings/delete", operation: "diagnosticSettings.delete" });
}
