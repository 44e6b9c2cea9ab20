import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeToken } from "../../../local/arm/tokens";
import { APP_ID, APP_OID, SUB, SUB2, USER_OID, appToken, baseEstate, rgPath, startHarness, userToken, type Harness } from "./emulatorHarness";

// The emulator enforcing RBAC over HTTP: role assignments at a resource group, a subscription or
// a management group above it; built-in and custom roles with wildcards and notActions; Azure's
// 403 AuthorizationFailed word for word; tenant-level operations open; record mode lets all pass.

const OWNER_OID = "dddddddd-0000-4000-8000-000000000004";
const ownerToken = makeToken({ oid: OWNER_OID, upn: "owner@contoso.com", idtyp: "user" });
const VM_ROLE = "0b0b0b0b-0000-4000-8000-0000000000aa";
const vmId = `${rgPath()}/providers/Microsoft.Compute/virtualMachines/vm-1`;

const assignment = (n: number, scope: string, principalId: string, roleDefinitionId: string) => ({
  id: `${scope}/providers/Microsoft.Authorization/roleAssignments/00000000-0000-4000-8000-00000000000${n}`,
  name: `00000000-0000-4000-8000-00000000000${n}`,
  type: "Microsoft.Authorization/roleAssignments",
  properties: { scope, principalId, roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${roleDefinitionId}`, principalType: "User" },
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    estate: {
      ...baseEstate(),
      settings: { rbac: "enforce" },
      roleDefinitions: [
        {
          id: `/providers/Microsoft.Authorization/roleDefinitions/${VM_ROLE}`,
          name: VM_ROLE,
          type: "Microsoft.Authorization/roleDefinitions",
          properties: { roleName: "vm operator", type: "CustomRole", permissions: [{ actions: ["Microsoft.Compute/virtualMachines/*", "*/read"], notActions: ["Microsoft.Compute/virtualMachines/delete"] }] },
        },
      ],
      roleAssignments: [
        assignment(1, `/subscriptions/${SUB}`, USER_OID, "acdd72a7-3385-48ef-bd42-f606fba81ae7"), // Reader on the subscription
        assignment(2, "/providers/Microsoft.Management/managementGroups/landingzones", OWNER_OID, "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"), // Owner, inherited
        assignment(3, "/providers/Microsoft.Management/managementGroups/corp", APP_OID, VM_ROLE),
      ],
    },
  });
});
afterAll(async () => h?.close());

describe("RBAC enforcement", () => {
  it("a Reader reads but cannot write: 403 AuthorizationFailed naming action and scope, recorded", async () => {
    expect((await h.call("GET", rgPath())).status).toBe(200);
    const denied = await h.call("PUT", rgPath(SUB, "rg-new"), { location: "eastus" });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({
      error: {
        code: "AuthorizationFailed",
        message: `The client 'alice@contoso.com' with object id '${USER_OID}' does not have authorization to perform action 'Microsoft.Resources/subscriptions/resourceGroups/write' over scope '/subscriptions/${SUB}/resourceGroups/rg-new' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      },
    });
    const log = (await h.control("GET", "/_emulator/rbac-log")).body.value as Array<{ action: string; status: number; path: string }>;
    expect(log.find((e) => e.path.endsWith("/rg-new"))).toMatchObject({ action: "Microsoft.Resources/subscriptions/resourceGroups/write", status: 403 });
    expect((await h.call("GET", rgPath())).status).toBe(200);
    expect((await h.call("GET", `/subscriptions/${SUB}/resourceGroups/rg-new`, undefined, ownerToken)).status).toBe(404);
  });

  it("an Owner assigned at a management group above writes in its subscriptions", async () => {
    expect((await h.call("PUT", rgPath(SUB, "rg-owner"), { location: "eastus" }, ownerToken)).status).toBeLessThan(300);
    const vm = await h.call("PUT", `${vmId}?api-version=2024-07-01`, { location: "eastus", properties: { hardwareProfile: { vmSize: "Standard_B2ms" } } }, ownerToken);
    expect(vm.status, JSON.stringify(vm.body)).toBeLessThan(300);
  });

  it("a custom role grants by wildcard and refuses its notActions; the client of an app is its application id", async () => {
    expect((await h.call("POST", `${vmId}/deallocate?api-version=2024-07-01`, undefined, appToken)).status).toBeLessThan(300);
    const del = await h.call("DELETE", `${vmId}?api-version=2024-07-01`, undefined, appToken);
    expect(del.status).toBe(403);
    expect(del.body.error.message).toBe(`The client '${APP_ID}' with object id '${APP_OID}' does not have authorization to perform action 'Microsoft.Compute/virtualMachines/delete' over scope '${vmId}' or the scope is invalid. If access was recently granted, please refresh your credentials.`);
    // Outside the management group the assignment sits on, nothing is granted.
    expect((await h.call("GET", `/subscriptions/${SUB2}/resourceGroups`, undefined, appToken)).status).toBe(403);
  });

  it("tenant-level operations stay open; the check endpoint answers what enforcement would decide", async () => {
    expect((await h.call("GET", "/subscriptions?api-version=2022-12-01", undefined, userToken)).status).toBe(200);
    const check = await h.control("POST", "/_emulator/rbac/check", { principalId: APP_OID, action: "Microsoft.Compute/virtualMachines/deallocate/action", scope: vmId });
    expect(check.body).toMatchObject({ allowed: true, checked: true, roleAssignmentId: expect.stringContaining("00000000-0000-4000-8000-000000000003") });
    expect((await h.control("POST", "/_emulator/rbac/check", { principalId: APP_OID, action: "Microsoft.Compute/virtualMachines/delete", scope: vmId })).body.allowed).toBe(false);
    expect((await h.control("POST", "/_emulator/rbac/check", { principalId: APP_OID, action: "x", scope: "nope" })).status).toBe(400);
  });

  it("in record mode every call passes and is still logged", async () => {
    expect((await h.control("PUT", "/_emulator/settings", { rbac: "record" })).status).toBe(200);
    expect((await h.call("PUT", rgPath(SUB, "rg-recorded"), { location: "eastus" })).status).toBeLessThan(300);
    await h.control("PUT", "/_emulator/settings", { rbac: "enforce" });
    expect((await h.call("PUT", rgPath(SUB, "rg-recorded-2"), { location: "eastus" })).status).toBe(403);
  });
});
