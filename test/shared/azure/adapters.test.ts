import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as clock from "../../../local/clock";
import { listSubscriptions } from "../../../shared/azure/subscriptions/listSubscriptions";
import { createAlias, getAlias } from "../../../shared/azure/subscriptions/createAlias";
import { listSubscriptionIdsUnder } from "../../support/listSubscriptionIdsUnder";
import { getSubscriptionParent, moveSubscription } from "../../../shared/azure/managementGroups/moveSubscription";
import { getTags, mergeTags } from "../../../shared/azure/resources/updateTags";
import { getResourceById } from "../../../shared/azure/resources/getResourceById";
import { deleteResourceGroup, resourceGroupExists } from "../../../shared/azure/resources/deleteResourceGroup";
import { getProviderState, registerProvider } from "../../../shared/azure/resources/registerProvider";
import { listLocks } from "../../../shared/azure/locks/listLocks";
import { emulatorWithClients, rg, SUB_A, SUB_B, vm, type EmulatorWithClients } from "./emulatorClients";

let env: EmulatorWithClients;

beforeAll(async () => {
  env = await emulatorWithClients({
    settings: { aliasDelayMs: 60_000, providerRegistrationDelayMs: 10_000 },
    managementGroups: [{ name: "platform" }, { name: "landingzones" }, { name: "corp", parent: "landingzones" }, { name: "sandbox" }],
    subscriptions: [
      { subscriptionId: SUB_A, displayName: "corp-ai", managementGroupId: "corp" },
      { subscriptionId: SUB_B, displayName: "sandbox-1", managementGroupId: "sandbox" },
    ],
    resourceGroups: [rg(SUB_A, "ml"), rg(SUB_B, "scratch")],
    resources: [vm(SUB_A, "ml", "gpu1", "Standard_NC24ads_A100_v4")],
    locks: [
      {
        id: `/subscriptions/${SUB_A}/resourceGroups/ml/providers/Microsoft.Authorization/locks/keep`,
        name: "keep",
        type: "Microsoft.Authorization/locks",
        properties: { level: "CanNotDelete", notes: "production" },
      },
    ],
  });
});
afterAll(() => env?.close());

describe("subscriptions and management groups", () => {
  it("lists subscriptions", async () => {
    const subs = [];
    for await (const s of listSubscriptions(env.clients.subscriptions())) subs.push(s);
    expect(subs.map((s) => s.displayName).sort()).toEqual(["corp-ai", "sandbox-1"]);
  });

  it("lists subscriptions under a management group at any depth and moves one", async () => {
    expect(await listSubscriptionIdsUnder(env.clients.managementGroups(), "landingzones")).toEqual([SUB_A]);
    await moveSubscription(env.clients.managementGroups(), "corp", SUB_B);
    expect(await getSubscriptionParent(env.clients.managementGroups(), "corp", SUB_B)).toBe("corp");
    expect((await listSubscriptionIdsUnder(env.clients.managementGroups(), "landingzones")).sort()).toEqual([SUB_A, SUB_B].sort());
  });

  it("creates an alias that is Accepted first, then Succeeded after the delay, idempotently", async () => {
    const started = await createAlias(env.clients.subscriptionAliases(), {
      aliasName: "vend-req-42",
      displayName: "team-x-prod",
      billingScope: "/providers/Microsoft.Billing/billingAccounts/1/enrollmentAccounts/2",
      workload: "Production",
      managementGroupId: "corp",
      tags: { owner: "team-x" },
    });
    expect(started.provisioningState).toBe("Accepted");
    clock.advance(61_000);
    const done = await getAlias(env.clients.subscriptionAliases(), "vend-req-42");
    expect(done?.provisioningState).toBe("Succeeded");
    expect(done?.subscriptionId).toBeTruthy();
    expect(await getAlias(env.clients.subscriptionAliases(), "never-created")).toBeUndefined();
  });
});

describe("resources", () => {
  const vmId = `/subscriptions/${SUB_A}/resourceGroups/ml/providers/Microsoft.Compute/virtualMachines/gpu1`;

  it("merges tags without dropping others and reads a resource by id", async () => {
    await mergeTags(env.clients.resources(SUB_A), vmId, { owner: "alice" });
    const tags = await mergeTags(env.clients.resources(SUB_A), vmId, { "cost-center": "ml-42" });
    expect(tags).toEqual({ owner: "alice", "cost-center": "ml-42" });
    expect(await getTags(env.clients.resources(SUB_A), vmId)).toEqual(tags);
    const doc = await getResourceById(env.clients.resources(SUB_A), vmId);
    expect(doc?.tags).toEqual(tags);
    expect(await getResourceById(env.clients.resources(SUB_A), `${vmId}-missing`)).toBeUndefined();
  });

  it("lists locks at and above a scope", async () => {
    const locks = await listLocks(env.clients.locks(SUB_A), `/subscriptions/${SUB_A}/resourceGroups/ml`);
    expect(locks.map((l) => [l.name, l.level])).toEqual([["keep", "CanNotDelete"]]);
  });

  it("starts a resource group deletion without waiting for it", async () => {
    const lro = await deleteResourceGroup(env.clients.resources(SUB_B), "scratch");
    expect(["running", "succeeded"]).toContain(lro.status);
    clock.advance(60_000);
    expect(await resourceGroupExists(env.clients.resources(SUB_B), "scratch")).toBe(false);
  });

  it("registers a provider (Registering, then Registered)", async () => {
    expect(await registerProvider(env.clients.resources(SUB_A), "Microsoft.CognitiveServices")).toBe("Registering");
    clock.advance(11_000);
    expect(await getProviderState(env.clients.resources(SUB_A), "Microsoft.CognitiveServices")).toBe("Registered");
  });
});

describe("compute and RBAC", () => {
  it("deallocates and starts a VM without waiting, reading the power state from the instance view", async () => {
    const { deallocateVirtualMachine, getPowerState } = await import("../../../shared/azure/compute/virtualMachines");
    const compute = env.clients.compute(SUB_A);
    expect(await getPowerState(compute, "ml", "gpu1")).toBe("running");
    await deallocateVirtualMachine(compute, "ml", "gpu1");
    clock.advance(120_000);
    expect(await getPowerState(compute, "ml", "gpu1")).toBe("deallocated");
    // The app never starts a VM, so the test starts it straight through the SDK (without waiting).
    await compute.virtualMachines.start("ml", "gpu1").submitted();
    clock.advance(120_000);
    expect(await getPowerState(compute, "ml", "gpu1")).toBe("running");
  });

  it("answers PrincipalNotFound as a retryable AzureError for a brand-new principal, then assigns", async () => {
    const { assignRole, listRoleAssignments } = await import("../../../shared/azure/authorization/roleAssignments");
    const { AzureError } = await import("../../../shared/azure/AzureError");
    const principal = "22222222-0000-4000-8000-000000000001";
    await env.control("POST", "/principals", { objectId: principal, type: "ServicePrincipal", createdAt: new Date(clock.now()).toISOString() });
    const request = {
      scope: `/subscriptions/${SUB_A}`,
      roleDefinitionId: "b24988ac-6180-42a0-ab88-20f7382dd24c",
      principalId: principal,
      principalType: "ServicePrincipal" as const,
      name: "33333333-0000-4000-8000-000000000001",
    };
    const err = await assignRole(env.clients.authorization(SUB_A), request).catch((e) => e);
    expect(err).toBeInstanceOf(AzureError);
    expect(err).toMatchObject({ code: "PrincipalNotFound", retryable: true });
    clock.advance(10 * 60_000);
    const ra = await assignRole(env.clients.authorization(SUB_A), request);
    expect(ra.principalId).toBe(principal);
    expect((await listRoleAssignments(env.clients.authorization(SUB_A), `/subscriptions/${SUB_A}`)).some((r) => r.principalId === principal)).toBe(true);
  });
});
