import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUB, SUB2, USER_OID, baseEstate, rgPath, startHarness, type Harness } from "./emulatorHarness";

// Diagnostic settings on a resource with RBAC enforced: a Log Analytics destination is a linked
// scope, so writing the setting needs the workspace's sharedKeys action there as well, as in Azure.

const DIAG_WRITER = "0d0d0d0d-0000-4000-8000-0000000000d1";
const LOG_SINK = "0d0d0d0d-0000-4000-8000-0000000000d2";
const storage = `${rgPath()}/providers/Microsoft.Storage/storageAccounts/stdata`;
const workspace = `/subscriptions/${SUB2}/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/log-platform`;
const other = `/subscriptions/${SUB2}/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/log-team`;
const setting = (name: string) => `${storage}/providers/Microsoft.Insights/diagnosticSettings/${name}?api-version=2021-05-01-preview`;
const role = (id: string, name: string, actions: string[]) => ({ id: `/providers/Microsoft.Authorization/roleDefinitions/${id}`, name: id, type: "Microsoft.Authorization/roleDefinitions", properties: { roleName: name, type: "CustomRole", permissions: [{ actions, notActions: [] }] } });
const assignment = (n: number, scope: string, roleId: string) => ({
  id: `${scope}/providers/Microsoft.Authorization/roleAssignments/00000000-0000-4000-8000-0000000000d${n}`,
  name: `00000000-0000-4000-8000-0000000000d${n}`,
  type: "Microsoft.Authorization/roleAssignments",
  properties: { scope, principalId: USER_OID, roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`, principalType: "User" },
});
const toWorkspace = (ws: string) => ({ properties: { workspaceId: ws, logs: [{ categoryGroup: "allLogs", enabled: true }], metrics: [{ category: "AllMetrics", enabled: true }] } });

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    estate: {
      ...baseEstate(),
      settings: { rbac: "enforce" },
      resources: [{ id: storage, name: "stdata", type: "Microsoft.Storage/storageAccounts", location: "eastus", kind: "StorageV2", properties: {} }],
      roleDefinitions: [role(DIAG_WRITER, "diag writer", ["Microsoft.Insights/diagnosticSettings/*", "*/read"]), role(LOG_SINK, "log sink", ["Microsoft.OperationalInsights/workspaces/sharedKeys/action"])],
      roleAssignments: [assignment(1, `/subscriptions/${SUB}`, DIAG_WRITER), assignment(2, workspace, LOG_SINK)],
    },
  });
});
afterAll(async () => h?.close());

describe("diagnostic settings: linked authorization on the workspace", () => {
  it("writes a setting to a workspace the caller holds sharedKeys on, and refuses another with Azure's LinkedAuthorizationFailed, both recorded", async () => {
    const ok = await h.call("PUT", setting("platform"), toWorkspace(workspace));
    expect(ok.status).toBe(200);
    expect(ok.body.properties.workspaceId).toBe(workspace);
    const denied = await h.call("PUT", setting("team"), toWorkspace(other));
    expect(denied.status).toBe(403);
    expect(denied.body.error).toEqual({
      code: "LinkedAuthorizationFailed",
      message: `The client '${USER_OID}' with object id '${USER_OID}' has permission to perform action 'Microsoft.Insights/diagnosticSettings/write' on scope '${storage}/providers/microsoft.insights/diagnosticSettings/team'; however, it does not have permission to perform action 'Microsoft.OperationalInsights/workspaces/sharedKeys/action' on the linked scope(s) '${other}' or the linked scope(s) are invalid.`,
    });
    expect((await h.call("GET", setting("team"))).status).toBe(404);
    const log = (await h.control("GET", "/_emulator/rbac-log")).body.value as Array<{ action: string; status: number; path: string }>;
    const linked = log.filter((e) => e.action === "Microsoft.OperationalInsights/workspaces/sharedKeys/action");
    expect(linked.map((e) => [e.path, e.status])).toEqual([[`${workspace}/sharedKeys`, 200], [`${other}/sharedKeys`, 403]]);
  });

  it("a setting to storage only needs no workspace grant; at most five settings per resource", async () => {
    const archive = (i: number) => ({ properties: { storageAccountId: storage.replace("stdata", `starchive${i}`), logs: [{ categoryGroup: "audit", enabled: true }] } });
    for (let i = 1; i <= 4; i++) expect((await h.call("PUT", setting(`archive-${i}`), archive(i))).status).toBe(200);
    const sixth = await h.call("PUT", setting("archive-5"), archive(5));
    expect(sixth.status).toBe(400);
    expect(sixth.body.error.code).toBe("BadRequest");
    expect((await h.call("GET", `${storage}/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview`)).body.value).toHaveLength(5);
  });
});
