import "./support/captureFunctions";
import { TableClient } from "@azure/data-tables";
import { BlobServiceClient } from "@azure/storage-blob";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as clock from "../../../local/clock";
import { calls, gate } from "../../fixtures/durable/app";
import { finished, FUNCTION_KEY, startWorld, waitForStatus, type World } from "./support/world";

let world: World;

beforeAll(async () => {
  world = await startWorld({ taskHub: "durabletest" });
});

afterAll(async () => {
  await world?.close();
});

describe("local durable backend through durable-functions' replay engine", () => {
  it("runs a sequence of activities and reports the output", async () => {
    const id = await world.client.startNew("sequence");
    const s = await waitForStatus(world.client, id, finished, { showHistory: true });
    expect(s.runtimeStatus).toBe("Completed");
    expect(s.output).toEqual(["Hello Tokyo!", "Hello Seattle!", "Hello London!"]);
    const completed = (s.history as Array<{ EventType: string; FunctionName?: string }>).filter((e) => e.EventType === "TaskCompleted");
    expect(completed.map((e) => e.FunctionName)).toEqual(["hello", "hello", "hello"]);
  });

  it("retries callActivityWithRetry: two failures, then success", async () => {
    const id = await world.client.startNew("retrying", { input: "r1" });
    const s = await waitForStatus(world.client, id, finished);
    expect(s.runtimeStatus).toBe("Completed");
    expect(s.output).toBe("ok after 3");
    expect(calls.get("flaky:r1")).toBe(3);
  });

  it("surfaces a failure after the last retry to the orchestrator's try/catch", async () => {
    const id = await world.client.startNew("retryExhausted");
    const s = await waitForStatus(world.client, id, finished);
    expect(s.runtimeStatus).toBe("Completed");
    expect(s.output).toMatch(/^caught: .*boom/);
  });

  it("lets an orchestrator catch an activity error and continue", async () => {
    const id = await world.client.startNew("catching");
    const s = await waitForStatus(world.client, id, finished);
    expect(s.output).toMatchObject({ after: "Hello cleanup!" });
    expect((s.output as { caught: string }).caught).toContain("Activity function 'alwaysFails' failed: boom");
  });

  it("marks an orchestration Failed when an activity error is not caught", async () => {
    const id = await world.client.startNew("failing");
    const s = await waitForStatus(world.client, id, finished);
    expect(s.runtimeStatus).toBe("Failed");
    expect(String(s.output)).toContain("boom");
  });

  it("fires a 14-day durable timer when the shared clock jumps", async () => {
    const id = await world.client.startNew("longTimer");
    await waitForStatus(world.client, id, (s) => s.runtimeStatus === "Running");
    const before = await world.client.getStatus(id);
    expect(before.runtimeStatus).toBe("Running");
    clock.advance(14 * 24 * 3600_000 + 60_000);
    const s = await waitForStatus(world.client, id, finished);
    expect(s.runtimeStatus).toBe("Completed");
    expect(s.output).toEqual({ sleptDays: true });
  });

  it("waits for an external event, shows custom status, and resumes on raiseEvent", async () => {
    const id = await world.client.startNew("approval", { instanceId: "approval-1" });
    expect(id).toBe("approval-1");
    const waiting = await waitForStatus(world.client, id, (s) => (s.customStatus as { stage?: string } | null)?.stage === "awaiting approval");
    expect(waiting.runtimeStatus).toBe("Running");
    await world.client.raiseEvent(id, "Approval", { approved: true, by: "alice" });
    const s = await waitForStatus(world.client, id, finished);
    expect(s.output).toEqual({ approved: true, by: "alice" });
    expect(s.customStatus).toEqual({ stage: "decided" });
  });

  it("refuses to start an instance id that is still running (409)", async () => {
    await world.client.startNew("approval", { instanceId: "approval-dup" });
    await expect(world.client.startNew("approval", { instanceId: "approval-dup" })).rejects.toThrow(/409/);
    await world.client.terminate("approval-dup", "cleanup");
  });

  it("runs sub-orchestrations and hands their output to the parent", async () => {
    const id = await world.client.startNew("parent");
    const s = await waitForStatus(world.client, id, finished);
    expect(s.output).toEqual([11, 21]);
    const child = await world.client.getStatus(`${id}-fixed-child`);
    expect(child.runtimeStatus).toBe("Completed");
    expect(child.output).toBe(21);
  });

  it("fans out 50 activities with Task.all", async () => {
    const id = await world.client.startNew("fanOut", { input: 50 });
    const s = await waitForStatus(world.client, id, finished);
    expect(s.output).toEqual({ count: 50, sum: Array.from({ length: 50 }, (_, i) => i * i).reduce((a, b) => a + b, 0) });
    for (let i = 0; i < 50; i++) expect(calls.get(`square:${i}`) ?? 0).toBeGreaterThanOrEqual(1);
  });

  it("races a timer against an event with Task.any (event wins)", async () => {
    const id = await world.client.startNew("race");
    await waitForStatus(world.client, id, (s) => s.runtimeStatus === "Running");
    await world.client.raiseEvent(id, "Go", 42);
    const s = await waitForStatus(world.client, id, finished);
    expect(s.output).toBe("event:42");
  });

  it("races a timer against an event with Task.any (timer wins)", async () => {
    const id = await world.client.startNew("race");
    await waitForStatus(world.client, id, (s) => s.runtimeStatus === "Running");
    clock.advance(2 * 3600_000);
    const s = await waitForStatus(world.client, id, finished);
    expect(s.output).toBe("timeout");
  });

  it("restarts with continueAsNew until done", async () => {
    const id = await world.client.startNew("counter", { input: 0 });
    const s = await waitForStatus(world.client, id, finished, { showHistory: true });
    expect(s.output).toBe("done at 3");
    const started = (s.history as Array<{ EventType: string; Input?: unknown }>).filter((e) => e.EventType === "ExecutionStarted");
    expect(started).toHaveLength(1);
    expect(started[0]!.Input).toBe(3);
  });

  it("terminates a running instance", async () => {
    const id = await world.client.startNew("approval");
    await waitForStatus(world.client, id, (s) => s.runtimeStatus === "Running");
    await world.client.terminate(id, "no longer needed");
    const s = await waitForStatus(world.client, id, finished);
    expect(s.runtimeStatus).toBe("Terminated");
    expect(s.output).toBe("no longer needed");
    await world.client.raiseEvent(id, "Approval", true); // 410 Gone is accepted silently, as in Azure
  });

  it("suspends an instance: a raised event waits until resume", async () => {
    const id = await world.client.startNew("approval");
    await waitForStatus(world.client, id, (s) => s.runtimeStatus === "Running");
    await world.client.suspend(id, "maintenance");
    await waitForStatus(world.client, id, (s) => s.runtimeStatus === "Suspended");
    await world.client.raiseEvent(id, "Approval", "while suspended");
    const meanwhile = await world.client.getStatus(id);
    expect(meanwhile.runtimeStatus).toBe("Suspended");
    await world.client.resume(id, "done");
    const s = await waitForStatus(world.client, id, finished);
    expect(s.runtimeStatus).toBe("Completed");
    expect(s.output).toBe("while suspended");
  });

  it("lists instances with a runtimeStatus filter and purges a finished one", async () => {
    const id = await world.client.startNew("sequence");
    await waitForStatus(world.client, id, finished);
    const completed = await world.client.getStatusBy({ runtimeStatus: [ "Completed" as never ] });
    expect(completed.some((s) => s.instanceId === id)).toBe(true);
    expect(completed.every((s) => s.runtimeStatus === "Completed")).toBe(true);
    const purged = await world.client.purgeInstanceHistory(id);
    expect(purged.instancesDeleted).toBe(1);
    await expect(world.client.getStatus(id)).rejects.toThrow(/404/);
  });

  it("serves createCheckStatusResponse URLs that work with the function key", async () => {
    const id = await world.client.startNew("sequence");
    const payload = world.client.createHttpManagementPayload(id);
    expect(payload.statusQueryGetUri).toContain(`code=${FUNCTION_KEY}`);
    await waitForStatus(world.client, id, finished);
    const res = await fetch(payload.statusQueryGetUri);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ instanceId: id, runtimeStatus: "Completed" });
    const bad = await fetch(payload.statusQueryGetUri.replace(`code=${FUNCTION_KEY}`, "code=wrong"));
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: { code: "Unauthorized", message: "code: the key is not valid for this host", field: "code" } });
  });

  it("answers malformed requests with 4xx and a message", async () => {
    const base = `${world.baseUrl}/runtime/webhooks/durabletask`;
    const noFn = await fetch(`${base}/orchestrators/doesNotExist`, { method: "POST" });
    expect(noFn.status).toBe(400);
    expect(((await noFn.json()) as any).error).toEqual({ code: "InvalidRequest", message: expect.stringMatching(/^functionName: /), field: "functionName" });
    const badJson = await fetch(`${base}/orchestrators/sequence`, { method: "POST", body: "{not json" });
    expect(badJson.status).toBe(400);
    const badFilter = await fetch(`${base}/instances?runtimeStatus=Sleeping`);
    expect(badFilter.status).toBe(400);
    expect(((await badFilter.json()) as any).error).toMatchObject({ code: "InvalidRequest", message: expect.stringContaining("runtimeStatus"), field: "runtimeStatus" });
    const missing = await fetch(`${base}/instances/nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as any).error).toEqual({ code: "NotFound", message: "No instance with ID 'nope' found." });
  });

  it("keeps activity results past Table Storage's 64 KiB property and 1 MiB entity limits", async () => {
    // 40,000 chars: chunked properties; 700,000 chars (1.4 MB as UTF-16): a blob in <hub>-largemessages
    const id = await world.client.startNew("bigPayloads", { input: [1000, 40_000, 700_000] });
    const s = await waitForStatus(world.client, id, finished);
    expect(s.runtimeStatus).toBe("Completed");
    expect(s.output).toEqual([
      { length: 1000, tail: "tail" },
      { length: 40_000, tail: "tail" },
      { length: 700_000, tail: "tail" },
    ]);
    const container = BlobServiceClient.fromConnectionString(world.azurite.connectionString).getContainerClient("durabletest-largemessages");
    const spilled: string[] = [];
    for await (const b of container.listBlobsFlat({ prefix: `inbox/${id}/` })) spilled.push(b.name);
    for await (const b of container.listBlobsFlat({ prefix: `history/${id}/` })) spilled.push(b.name);
    expect(spilled.length).toBeGreaterThanOrEqual(2); // the inbox message and its history event
  });

  it("fails an orchestration whose replay schedules something else than its history", async () => {
    const id = await world.client.startNew("nondeterministic");
    const s = await waitForStatus(world.client, id, finished);
    expect(s.runtimeStatus).toBe("Failed");
    expect(String(s.output)).toMatch(/Non-Deterministic workflow detected: step 0 .*'hello'.*'square'/);
  });

  it("waits for completion on the create-and-wait URL (timeout query)", async () => {
    const data = world.backend.clientBindingData() as { creationUrls: { createAndWaitOnNewInstancePostUri: string } };
    const url = data.creationUrls.createAndWaitOnNewInstancePostUri
      .replace("{functionName}", "sequence")
      .replace("[/{instanceId}]", "/wait-1")
      .replace("{timeoutInSeconds}", "60")
      .replace("{intervalInSeconds}", "1");
    const res = await fetch(url, { method: "POST" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(["Hello Tokyo!", "Hello Seattle!", "Hello London!"]);
  });

  it("resumes on a new backend after a stop mid-orchestration without re-running finished activities", async () => {
    const release = gate(3);
    const id = await world.client.startNew("steps", { input: "crash" });
    await waitForStatus(world.client, id, () => (calls.get("step:crash:3") ?? 0) >= 1);
    await world.backend.stop(); // activity 3 is in flight; its result is never persisted
    release();
    const backend2 = await world.newBackend();
    const s = await waitForStatus(world.client, id, finished);
    expect(s.output).toEqual([10, 20, 30, 40]);
    expect(calls.get("step:crash:1")).toBe(1);
    expect(calls.get("step:crash:2")).toBe(1);
    expect(calls.get("step:crash:3")).toBe(2); // at-least-once: the lost attempt runs again
    expect(calls.get("step:crash:4")).toBe(1);
    expect(backend2.activityInvocations().get("step")).toBe(2);
  });

  it("recovers from the ~state commit point when the Instances row lags and an episode never committed", async () => {
    const id = await world.client.startNew("helloThenWait", { instanceId: "lagging-1", input: "lag" });
    await waitForStatus(world.client, id, (s) => s.runtimeStatus === "Running", { showHistory: true }).then(async () => {
      await waitForStatus(world.client, id, (s) => (s.history as Array<{ EventType: string }>).some((e) => e.EventType === "TaskCompleted"), { showHistory: true });
    });
    await world.backend.stop();
    const tables = { allowInsecureConnection: true };
    const instances = TableClient.fromConnectionString(world.azurite.connectionString, "durabletestInstances", tables);
    const history = TableClient.fromConnectionString(world.azurite.connectionString, "durabletestHistory", tables);
    // the Instances row as it was before the first episode committed
    const row = await instances.getEntity<Record<string, unknown>>(id, "");
    const state = JSON.parse(row.State as string) as { historyCount: number; executionId: string; runtimeStatus: string };
    const committedCount = state.historyCount;
    const stale: Record<string, unknown> = { ...row, RuntimeStatus: "Pending", State: JSON.stringify({ ...state, runtimeStatus: "Pending", historyCount: 0 }) };
    await instances.upsertEntity(stale as never, "Replace");
    // a history row written by an episode whose transaction never landed
    await history.upsertEntity({ partitionKey: id, rowKey: `${state.executionId}:${String(committedCount).padStart(10, "0")}`, Event: JSON.stringify({ EventType: 5, EventId: -1, IsPlayed: false, Timestamp: new Date().toISOString(), TaskScheduledId: 99, Result: "1" }) }, "Replace");
    await world.newBackend();
    await world.client.raiseEvent(id, "Approval", "after recovery");
    const s = await waitForStatus(world.client, id, finished, { showHistory: true });
    expect(s.output).toBe("Hello lag! after recovery");
    expect(calls.get("hello:lag")).toBe(1); // resumed from ~state, not restarted from the stale row
  });
});
