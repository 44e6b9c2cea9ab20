import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advance } from "../../../local/clock";
import { startHarness, SUB, type Harness } from "./emulatorHarness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.control("PUT", "/_emulator/settings", { aliasDelayMs: 60_000, principalPropagationDelayMs: 120_000 });
});
afterAll(async () => {
  await h.close();
});

describe("subscription vending", () => {
  it("creates a subscription through an alias: Accepted, then Succeeded once the clock passes the delay", async () => {
    const body = {
      properties: {
        displayName: "online-ai-07",
        workload: "Production",
        billingScope: "/providers/Microsoft.Billing/billingAccounts/1/enrollmentAccounts/2",
        additionalProperties: { managementGroupId: "/providers/Microsoft.Management/managementGroups/corp", tags: { owner: "team-07" } },
      },
    };
    const created = await h.call("PUT", "/providers/Microsoft.Subscription/aliases/vend-07", body);
    expect(created.status).toBe(201);
    expect(created.body.properties.provisioningState).toBe("Accepted");
    const subId = created.body.properties.subscriptionId;
    expect((await h.call("GET", `/subscriptions/${subId}`)).status).toBe(404);

    const again = await h.call("PUT", "/providers/Microsoft.Subscription/aliases/vend-07", body);
    expect(again.status).toBe(200);
    expect(again.body.properties.subscriptionId).toBe(subId);

    advance(61_000);
    const done = await h.call("GET", "/providers/Microsoft.Subscription/aliases/vend-07");
    expect(done.body.properties.provisioningState).toBe("Succeeded");
    const sub = await h.call("GET", `/subscriptions/${subId}`);
    expect(sub.body).toMatchObject({ displayName: "online-ai-07", state: "Enabled", tags: { owner: "team-07" } });
    const under = await h.call("GET", `/providers/Microsoft.Management/managementGroups/corp/subscriptions/${subId}`);
    expect(under.status).toBe(200);

    expect((await h.call("POST", `/subscriptions/${subId}/providers/Microsoft.Subscription/rename`, { subscriptionName: "online-ai-07b" })).status).toBe(200);
    expect((await h.call("GET", `/subscriptions/${subId}`)).body.displayName).toBe("online-ai-07b");
    expect((await h.call("POST", `/subscriptions/${subId}/providers/Microsoft.Subscription/cancel`)).status).toBe(200);
    expect((await h.call("GET", `/subscriptions/${subId}`)).body.state).toBe("Disabled");
    const write = await h.call("PUT", `/subscriptions/${subId}/resourcegroups/rg1`, { location: "eastus" });
    expect(write.status).toBe(409);
  });

  it("rejects an alias naming a missing field or management group", async () => {
    const missing = await h.call("PUT", "/providers/Microsoft.Subscription/aliases/bad-1", { properties: { workload: "Production", billingScope: "/x" } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain("displayName");
    const mg = await h.call("PUT", "/providers/Microsoft.Subscription/aliases/bad-2", { properties: { displayName: "x", billingScope: "/x", additionalProperties: { managementGroupId: "/providers/Microsoft.Management/managementGroups/nope" } } });
    expect(mg.status).toBe(400);
  });

  it("answers PrincipalNotFound for a fresh principal until RBAC propagation passes", async () => {
    const principalId = randomUUID();
    expect((await h.control("POST", "/_emulator/principals", { objectId: principalId, type: "ServicePrincipal" })).status).toBe(201);
    const path = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`;
    const body = { properties: { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`, principalId, principalType: "ServicePrincipal" } };
    const early = await h.call("PUT", path, body);
    expect(early.status).toBe(400);
    expect(early.body.error.code).toBe("PrincipalNotFound");
    advance(121_000);
    const ok = await h.call("PUT", path, body);
    expect(ok.status).toBe(201);
    expect(ok.body.properties).toMatchObject({ principalId, principalType: "ServicePrincipal", scope: `/subscriptions/${SUB}` });
    const dup = await h.call("PUT", `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`, body);
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("RoleAssignmentExists");
    const listed = await h.call("GET", `/subscriptions/${SUB}/resourceGroups/rg-ai/providers/Microsoft.Authorization/roleAssignments?$filter=atScope()`);
    expect(listed.body.value.map((a: any) => a.properties.principalId)).toContain(principalId);
    const owner = await h.call("GET", `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions?$filter=roleName eq 'Owner'`);
    expect(owner.body.value[0].name).toBe("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
  });

  it("records the RBAC action and caller of every request", async () => {
    const log = await h.control("GET", "/_emulator/rbac-log");
    const entry = log.body.value.find((e: any) => e.action === "Microsoft.Subscription/aliases/write");
    expect(entry.caller).toMatchObject({ upn: "alice@contoso.com", idtyp: "user" });
    const counters = await h.control("GET", "/_emulator/counters");
    expect(counters.body["aliases.create"]).toBeGreaterThanOrEqual(2);
  });
});
