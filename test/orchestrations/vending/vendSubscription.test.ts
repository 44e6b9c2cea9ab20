// The orchestrator through durable-functions' real replay engine (local durable backend on
// Azurite), with injected activities: a scripted fake per activity name records the calls.
import "../../local/durable/support/captureFunctions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerVending } from "../../../orchestrations/vending/registerVending";
import { VEND_SUBSCRIPTION, VENDING_DECISION_EVENT, VendingActivity } from "../../../orchestrations/vending/names";
import type { createVendingActivities } from "../../../orchestrations/vending/createVendingActivities";
import type { VendInputIn } from "../../../orchestrations/vending/VendInput";
import { finished, startWorld, waitForStatus, type World } from "../../local/durable/support/world";

type Activities = ReturnType<typeof createVendingActivities>;
const calls: Array<{ name: string; input: any }> = [];
const script: { completed: Record<string, unknown>; aliasPolls: number; failAt?: string; polls: number } = { completed: {}, aliasPolls: 1, polls: 0 };

function fakes(): Activities {
  const out: Record<string, (input: any) => Promise<unknown>> = {};
  for (const name of Object.values(VendingActivity)) {
    out[name] = async (input: any) => {
      calls.push({ name, input });
      if (name === script.failAt && !input?.unavailable) throw new Error(`InternalServerError: ${name} broke`);
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
  retry: { firstRetryMs: 10, maxAttempts: 2, backoff: 1, maxRetryMs: 10 },
  rbacRetry: { firstRetryMs: 10, maxAttempts: 2, backoff: 1, maxRetryMs: 10 },
  ...o,
});
const names = () => calls.map((c) => c.name.replace("vending_", ""));
const reset = (s: Partial<typeof script> = {}) => {
  calls.length = 0;
  Object.assign(script, { completed: {}, aliasPolls: 1, failAt: undefined, polls: 0 }, s);
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

  it("on a permanent failure runs the compensations in reverse and marks the failed step", async () => {
    reset({ failAt: VendingActivity.wireEventGrid });
    const id = await world.client.startNew(VEND_SUBSCRIPTION, { instanceId: "unit-fail", input: input() });
    const s = await waitForStatus(world.client, id, finished);
    expect(s.output).toMatchObject({ status: "Failed", step: "eventGrid" });
    const after = names().slice(names().lastIndexOf("wireEventGrid") + 1);
    expect(after).toEqual(["releaseAddressRange", "removePeerings", "markFailed"]);
    expect(calls.filter((c) => c.name === VendingActivity.wireEventGrid)).toHaveLength(2);
    expect(calls.at(-1)!.input).toMatchObject({ requestId: "vr-1", step: "eventGrid" });
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
    expect(quotaCalls).toHaveLength(3);
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
