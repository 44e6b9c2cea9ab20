// The orchestrator through durable-functions' real replay engine (local durable backend on
// Azurite), with injected activities: a scripted fake per activity name records the calls.
import "../../local/durable/support/captureFunctions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerVending } from "../../../orchestrations/vending/registerVending";
import { VEND_SUBSCRIPTION, VENDING_DECISION_EVENT, VendingActivity } from "../../../orchestrations/vending/names";
import type { createVendingActivities } from "../../../orchestrations/vending/createVendingActivities";
import type { VendInputIn } from "../../../orchestrations/vending/VendInput";
import { AzureError } from "../../../shared/azure/AzureError";
import { markedError } from "../../../orchestrations/vending/failureKind";
import { finished, startWorld, waitForStatus, type World } from "../../local/durable/support/world";

type Activities = ReturnType<typeof createVendingActivities>;
const calls: Array<{ name: string; input: any }> = [];
// failWith: the Azure error the activity's step fails with (marked as inStep marks it), failTimes
// times (default always); without it a plain, unmarked error.
const script: { completed: Record<string, unknown>; aliasPolls: number; failAt?: string; failWith?: () => unknown; failTimes?: number; failed: number; polls: number } = { completed: {}, aliasPolls: 1, polls: 0, failed: 0 };

function fakes(): Activities {
  const out: Record<string, (input: any) => Promise<unknown>> = {};
  for (const name of Object.values(VendingActivity)) {
    out[name] = async (input: any) => {
      calls.push({ name, input });
      if (name === script.failAt && !input?.unavailable && (script.failTimes === undefined || script.failed < script.failTimes)) {
        script.failed++;
        throw script.failWith ? markedError(script.failWith()) : new Error(`InternalServerError: ${name} broke`);
      }
      switch (name) {
        case VendingActivity.loadRequest:
          return { status: "Submitted", request: {}, completed: script.completed };
        case VendingActivity.createSubscription:
          return { aliasName: "a", provisioningState: "Accepted" };
        case VendingActivity.checkSubscription:
          return { aliasName: "a", provisioningState: ++script.polls >= script.aliasPolls ? "Succeeded" : "Accepted", subscriptionId: "sub-1" };
        case VendingActivity.registerProviders:
        case VendingActivity.checkProviders:
          return { "Microsoft.Compute": "Registered" };
        default:
          return {};
      }
    };
  }
  return out as unknown as Activities;
}

const input = (o: Partial<VendInputIn> = {}): VendInputIn => ({
  requestId: "vr-1",
  approvalTimeoutMs: 60_000,
  aliasPollIntervalMs: 10,
  aliasPollTimeoutMs: 60_000,
  providerPollIntervalMs: 10,
  retry: { firstRetryMs: 10, maxAttempts: 4, backoff: 1, maxRetryMs: 10 },
  rbacRetry: { firstRetryMs: 10, maxAttempts: 2, backoff: 1, maxRetryMs: 10 },
  ...o,
});
const names = () => calls.map((c) => c.name.replace("vending_", ""));
const reset = (s: Partial<typeof script> = {}) => {
  calls.length = 0;
  Object.assign(script, { completed: {}, aliasPolls: 1, failAt: undefined, failWith: undefined, failTimes: undefined, failed: 0, polls: 0 }, s);
};

let world: World;
beforeAll(async () => {
  registerVending(fakes);
  world = await startWorld({ taskHub: "vendingunit" });
}, 60_000);
afterAll(async () => {
  await world?.close();
});

describe("vendSubscription", () => {
  it("runs the runbook in order and polls the alias on durable timers until Succeeded", async () => {
    reset({ aliasPolls: 3 });
    const id = await world.client.startNew(VEND_SUBSCRIPTION, { instanceId: "unit-happy", input: input() });
    const s = await waitForStatus(world.client, id, finished);
    expect(s.output).toEqual({ requestId: "vr-1", status: "Completed", subscriptionId: "sub-1" });
    expect(names()).toEqual([
      "loadRequest", "recordDecision", "createSubscription", "checkSubscription", "checkSubscription", "checkSubscription",
      "placeSubscription", "registerProviders", "assignOwners", "createBudget", "configureNetwork", "allocateGpuQuota", "wireEventGrid", "recordCatalog",
    ]);
    expect(calls[1]!.input.decision).toBe("notRequired");
  });

  it("a failure that keeps failing uses the retry budget, then runs the compensations in reverse and marks the failed step", async () => {
    reset({ failAt: VendingActivity.wireEventGrid });
    const id = await world.client.startNew(VEND_SUBSCRIPTION, { instanceId: "unit-fail", input: input() });
    const s = await waitForStatus(world.client, id, finished);
    expect(s.output).toMatchObject({ status: "Failed", step: "eventGrid" });
    const after = names().slice(names().lastIndexOf("wireEventGrid") + 1);
    expect(after).toEqual(["releaseAddressRange", "removePeerings", "markFailed"]);
    // An unmarked error is retryable: every attempt of the budget is used.
    expect(calls.filter((c) => c.name === VendingActivity.wireEventGrid)).toHaveLength(4);
    expect(calls.at(-1)!.input).toMatchObject({ requestId: "vr-1", step: "eventGrid" });
  });

  const permanent: Array<[string, () => AzureError]> = [
    ["AuthorizationFailed", () => new AzureError("AuthorizationFailed", "The client 'ailz' with object id 'x' does not have authorization to perform action 'Microsoft.Management/managementGroups/subscriptions/write' over scope '/providers/Microsoft.Management/managementGroups/corp/subscriptions/sub-1' or the scope is invalid.", 403)],
    ["LinkedAuthorizationFailed", () => new AzureError("LinkedAuthorizationFailed", "The client has permission to perform action 'x' on scope 'y'; however, it does not have permission to perform action(s) 'z' on the linked scope(s) 'w'.", 403)],
    ["InvalidTemplate", () => new AzureError("InvalidTemplate", "Deployment template validation failed.", 400)],
    ["InvalidRequestContent", () => new AzureError("InvalidRequestContent", "The request content was invalid and could not be deserialized.", 400)],
    ["ResourceNotFound", () => new AzureError("ResourceNotFound", "The Resource 'Microsoft.Network/virtualNetworks/vnet-hub' under resource group 'rg-hub' was not found.", 404)],
  ];
  for (const [code, error] of permanent) {
    it(`a permanent ${code} fails after one attempt: compensation and Failed with the error named`, async () => {
      reset({ failAt: VendingActivity.configureNetwork, failWith: error });
      const id = await world.client.startNew(VEND_SUBSCRIPTION, { instanceId: `unit-permanent-${code}`, input: input() });
      const s = await waitForStatus(world.client, id, finished);
      expect(s.output).toMatchObject({ status: "Failed", step: "network" });
      expect(calls.filter((c) => c.name === VendingActivity.configureNetwork)).toHaveLength(1);
      expect(names().slice(names().indexOf("configureNetwork") + 1)).toEqual(["releaseAddressRange", "removePeerings", "markFailed"]);
      expect(calls.at(-1)!.input.fallback).toMatchObject({ code });
    });
  }

  it("a 503 (and a 429) is retried on durable timers and the request completes", async () => {
    reset({ failAt: VendingActivity.placeSubscription, failWith: () => new AzureError("ServiceUnavailable", "The service is temporarily unavailable.", 503), failTimes: 2 });
    const id = await world.client.startNew(VEND_SUBSCRIPTION, { instanceId: "unit-transient-503", input: input() });
    const s = await waitForStatus(world.client, id, finished);
    expect(s.output).toMatchObject({ status: "Completed", subscriptionId: "sub-1" });
    expect(calls.filter((c) => c.name === VendingActivity.placeSubscription)).toHaveLength(3);
    expect(names()).not.toContain("markFailed");

    reset({ failAt: VendingActivity.createBudget, failWith: () => new AzureError("TooManyRequests", "Rate limit exceeded.", 429) });
    const id2 = await world.client.startNew(VEND_SUBSCRIPTION, { instanceId: "unit-transient-429", input: input() });
    const s2 = await waitForStatus(world.client, id2, finished);
    expect(s2.output).toMatchObject({ status: "Failed", step: "budget" });
    expect(calls.filter((c) => c.name === VendingActivity.createBudget), "a 429 that never clears uses the whole budget").toHaveLength(4);
  });

  it("a resumed run skips the steps already recorded as succeeded", async () => {
    reset({ completed: { approval: {}, subscription: { subscriptionId: "sub-1" }, placement: {}, providers: {}, rbac: {}, budget: {} } });
    const id = await world.client.startNew(VEND_SUBSCRIPTION, { instanceId: "unit-resume", input: input({ attempt: 1 }) });
    const s = await waitForStatus(world.client, id, finished);
    expect(s.output).toMatchObject({ status: "Completed", subscriptionId: "sub-1" });
    expect(names()).toEqual(["loadRequest", "recordDecision", "configureNetwork", "allocateGpuQuota", "wireEventGrid", "recordCatalog"]);
  });

  it("records pending quota instead of failing when the quota activity keeps failing", async () => {
    reset({ failAt: VendingActivity.allocateGpuQuota });
    const id = await world.client.startNew(VEND_SUBSCRIPTION, { instanceId: "unit-quota", input: input() });
    const s = await waitForStatus(world.client, id, finished);
    expect(s.output).toMatchObject({ status: "Completed" });
    const quotaCalls = calls.filter((c) => c.name === VendingActivity.allocateGpuQuota);
    expect(quotaCalls).toHaveLength(5);
    expect(quotaCalls.at(-1)!.input.unavailable).toMatch(/quota service unavailable/);
    expect(names()).not.toContain("markFailed");
  });

  it("waits for a decision: rejection ends it without touching Azure", async () => {
    reset();
    const id = await world.client.startNew(VEND_SUBSCRIPTION, { instanceId: "unit-reject", input: input({ approvalReasons: ["prod environment"] }) });
    await waitForStatus(world.client, id, () => calls.some((c) => c.name === VendingActivity.awaitApproval));
    await world.client.raiseEvent(id, VENDING_DECISION_EVENT, { decision: "rejected", by: "approver", reason: "no" });
    const s = await waitForStatus(world.client, id, finished);
    expect(s.output).toEqual({ requestId: "vr-1", status: "Rejected" });
    expect(names()).toEqual(["loadRequest", "awaitApproval", "recordDecision"]);
    expect(calls.at(-1)!.input).toMatchObject({ decision: "rejected", by: "approver", reason: "no" });
  });
});
