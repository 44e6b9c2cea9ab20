// The timer scheduler against a recording invoker: runOnStartup, useMonitor, schedule changes.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as clock from "../../../local/clock";
import type { Invoker } from "../../../local/host/createInvoker";
import { createTimerScheduler, type TimerScheduler } from "../../../local/host/createTimerScheduler";
import { readScheduleStatus, statusFile, writeScheduleStatus } from "../../../local/host/scheduleStatus";
import type { RegisteredFunction } from "../../../local/host/workerState";

function timerFn(name: string, binding: Record<string, unknown>): RegisteredFunction {
  return { metadata: { name, bindings: { t: { type: "timerTrigger", direction: "in", ...binding } } }, callback: () => undefined };
}

function recordingInvoker(fns: RegisteredFunction[]) {
  const calls: { name: string; timer: any }[] = [];
  const invoker = {
    functions: () => fns,
    find: (n: string) => fns.find((f) => f.metadata.name === n),
    invoke: async (fn: RegisteredFunction, data: { json?: string | null } | undefined) => {
      calls.push({ name: fn.metadata.name, timer: JSON.parse(data?.json ?? "null") });
      return { invocationId: String(calls.length), response: {} };
    },
    functionsByTrigger: () => [],
    invokeTrigger: async () => undefined,
  } as unknown as Invoker;
  return { invoker, calls };
}

const dirs: string[] = [];
const schedulers: TimerScheduler[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-timers-"));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  for (const s of schedulers.splice(0)) await s.stop();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const settle = () => new Promise((r) => setTimeout(r, 50));

describe("createTimerScheduler", () => {
  it("fires runOnStartup timers at start, not past due, and keeps their schedule", async () => {
    const dataDir = tempDir();
    const { invoker, calls } = recordingInvoker([timerFn("boot", { schedule: "0 0 4 * * *", runOnStartup: true })]);
    const s = createTimerScheduler({ invoker, dataDir, log: () => {} });
    schedulers.push(s);
    await s.start();
    await settle();
    expect(calls.map((c) => c.name)).toEqual(["boot"]);
    expect(calls[0]!.timer.IsPastDue).toBe(false);
    expect(new Date(readScheduleStatus(dataDir, "boot")!.next).getUTCHours()).toBe(4);
  });

  it("keeps no status with useMonitor false", async () => {
    const dataDir = tempDir();
    const { invoker } = recordingInvoker([timerFn("quiet", { schedule: "0 */5 * * * *", useMonitor: false })]);
    const s = createTimerScheduler({ invoker, dataDir, log: () => {} });
    schedulers.push(s);
    await s.start();
    expect(fs.existsSync(statusFile(dataDir, "quiet"))).toBe(false);
  });

  it("starts over from now when the schedule changed since the status was saved", async () => {
    const dataDir = tempDir();
    const now = clock.now();
    // Saved under an hourly schedule, with its next occurrence in the past.
    const last = new Date(Math.floor(now / 3600_000) * 3600_000 - 2 * 3600_000);
    writeScheduleStatus(dataDir, "changed", {
      last: last.toISOString(),
      next: new Date(last.getTime() + 3600_000).toISOString(),
      lastUpdated: last.toISOString(),
      schedule: "0 0 * * * *",
    });
    const { invoker, calls } = recordingInvoker([timerFn("changed", { schedule: "0 0 5 * * *" })]);
    const s = createTimerScheduler({ invoker, dataDir, log: () => {} });
    schedulers.push(s);
    await s.start();
    await settle();
    expect(calls).toEqual([]);
    const status = readScheduleStatus(dataDir, "changed")!;
    expect(Date.parse(status.next)).toBeGreaterThan(now);
    expect(new Date(status.next).getUTCHours()).toBe(5);
  });

  it("fires an unchanged schedule's missed occurrence once, past due", async () => {
    const dataDir = tempDir();
    const now = clock.now();
    const last = new Date(Math.floor(now / 3600_000) * 3600_000 - 3 * 3600_000);
    writeScheduleStatus(dataDir, "hourly", {
      last: last.toISOString(),
      next: new Date(last.getTime() + 3600_000).toISOString(),
      lastUpdated: last.toISOString(),
      schedule: "0 0 * * * *",
    });
    const { invoker, calls } = recordingInvoker([timerFn("hourly", { schedule: "0 0 * * * *" })]);
    const s = createTimerScheduler({ invoker, dataDir, log: () => {} });
    schedulers.push(s);
    await s.start();
    await settle();
    expect(calls.length).toBe(1);
    expect(calls[0]!.timer.IsPastDue).toBe(true);
    expect(Date.parse(readScheduleStatus(dataDir, "hourly")!.next)).toBeGreaterThan(now);
  });
});
