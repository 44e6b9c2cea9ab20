// Fires timer-triggered functions on their schedules against the shared local clock.
// As the Azure timer trigger does: schedule status (last/next/lastUpdated) is persisted; an
// occurrence missed while the host was down, or skipped over by a clock jump, fires once with
// isPastDue=true and the schedule continues from now; runOnStartup fires at start; one
// invocation per timer at a time.
import * as clock from "../clock";
import type { DurableLog as Log } from "../durable/types";
import { InvocationFailure, type InvocationResult, type Invoker } from "./createInvoker";
import { parseSchedule, type Schedule } from "./parseSchedule";
import { readScheduleStatus, writeScheduleStatus, type ScheduleStatus } from "./scheduleStatus";
import { triggerOf } from "./triggerOf";
import type { RegisteredFunction } from "./workerState";

/** An occurrence run later than this is past due (a stall or a clock jump, not timer jitter). */
const PAST_DUE_TOLERANCE_MS = 1000;
const NEVER = "0001-01-01T00:00:00.000Z";
const MAX_DELAY_MS = 2 ** 31 - 1;

interface TimerState {
  fn: RegisteredFunction;
  name: string;
  schedule: Schedule;
  runOnStartup: boolean;
  useMonitor: boolean;
  last: string;
  next: number;
  handle?: NodeJS.Timeout;
  running?: Promise<unknown>;
}

interface TimerInfoView {
  name: string;
  schedule: string;
  next: string;
  last: string;
}

export interface TimerScheduler {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Run a timer function now (admin API); its schedule is unchanged. */
  runNow(name: string): Promise<InvocationResult>;
  timers(): TimerInfoView[];
}

export function createTimerScheduler(opts: { invoker: Invoker; dataDir: string; log: Log }): TimerScheduler {
  const { invoker, dataDir, log } = opts;
  const timers = new Map<string, TimerState>();
  let stopped = false;
  let unsubscribe: (() => void) | undefined;

  for (const fn of invoker.functions()) {
    const t = triggerOf(fn);
    if (t.type.toLowerCase() !== "timertrigger") continue;
    const b = t.binding as { schedule?: string; runOnStartup?: boolean; useMonitor?: boolean };
    if (typeof b.schedule !== "string") throw new Error(`Function "${fn.metadata.name}": timer schedule is required`);
    timers.set(fn.metadata.name.toLowerCase(), {
      fn,
      name: fn.metadata.name,
      schedule: parseSchedule(b.schedule, `${fn.metadata.name}.schedule`),
      runOnStartup: b.runOnStartup === true,
      useMonitor: b.useMonitor !== false,
      last: NEVER,
      next: 0,
    });
  }

  function timerInput(status: ScheduleStatus, isPastDue: boolean) {
    // PascalCase as the host sends it; @azure/functions camel-cases timer inputs.
    return {
      json: JSON.stringify({
        Schedule: { AdjustForDST: true },
        ScheduleStatus: { Last: status.last, Next: status.next, LastUpdated: status.lastUpdated },
        IsPastDue: isPastDue,
      }),
    };
  }

  function persist(t: TimerState): void {
    if (!t.useMonitor) return;
    writeScheduleStatus(dataDir, t.name, {
      last: t.last,
      next: new Date(t.next).toISOString(),
      lastUpdated: clock.nowDate().toISOString(),
      schedule: t.schedule.expression,
    });
  }

  function arm(t: TimerState): void {
    if (t.handle) clearTimeout(t.handle);
    if (stopped) return;
    const delay = Math.min(Math.max(t.next - clock.now(), 0), MAX_DELAY_MS);
    t.handle = setTimeout(() => check(t), delay);
    t.handle.unref();
  }

  function check(t: TimerState): void {
    if (stopped || t.running) return;
    const now = clock.now();
    if (now < t.next) return arm(t);
    const isPastDue = now - t.next > PAST_DUE_TOLERANCE_MS;
    const status: ScheduleStatus = { last: t.last, next: new Date(t.next).toISOString(), lastUpdated: new Date(now).toISOString() };
    const occurrence = t.next;
    t.running = invoker
      .invoke(t.fn, timerInput(status, isPastDue))
      .catch((err) => {
        if (!(err instanceof InvocationFailure)) log("error", `Timer "${t.name}" could not be invoked: ${String(err)}`);
      })
      .finally(() => {
        t.last = new Date(occurrence).toISOString();
        t.next = t.schedule.nextAfter(Math.max(clock.now(), occurrence));
        try {
          persist(t);
        } catch (err) {
          log("error", `Timer "${t.name}": schedule status not saved: ${String(err)}`);
        }
        t.running = undefined;
        check(t);
      });
  }

  return {
    async start() {
      const now = clock.now();
      for (const t of timers.values()) {
        const saved = t.useMonitor ? readScheduleStatus(dataDir, t.name) : undefined;
        // A status saved under another schedule expression does not apply: the timer starts
        // over from now, as Azure's schedule monitor does when a schedule changes.
        const changed = saved?.schedule !== undefined && saved.schedule !== t.schedule.expression;
        if (saved && !changed) {
          t.last = saved.last;
          t.next = Date.parse(saved.next);
        } else {
          if (saved) t.last = saved.last;
          t.next = t.schedule.nextAfter(now);
          persist(t);
        }
        log("info", `Timer '${t.name}' (${t.schedule.expression}) next run ${new Date(t.next).toISOString()}`);
      }
      unsubscribe = clock.onChange(() => {
        for (const t of timers.values()) check(t);
      });
      for (const t of timers.values()) {
        if (t.runOnStartup) {
          const status: ScheduleStatus = { last: t.last, next: new Date(t.next).toISOString(), lastUpdated: new Date(now).toISOString() };
          t.running = invoker
            .invoke(t.fn, timerInput(status, false))
            .catch(() => undefined)
            .finally(() => {
              t.running = undefined;
              check(t);
            });
        } else check(t);
      }
    },
    async stop() {
      stopped = true;
      unsubscribe?.();
      for (const t of timers.values()) if (t.handle) clearTimeout(t.handle);
      await Promise.allSettled([...timers.values()].map((t) => t.running));
    },
    async runNow(name) {
      const t = timers.get(name.toLowerCase());
      if (!t) throw new Error(`"${name}" is not a timer function`);
      const status: ScheduleStatus = { last: t.last, next: new Date(t.next).toISOString(), lastUpdated: clock.nowDate().toISOString() };
      return invoker.invoke(t.fn, timerInput(status, false));
    },
    timers: () => [...timers.values()].map((t) => ({ name: t.name, schedule: t.schedule.expression, next: new Date(t.next).toISOString(), last: t.last })),
  };
}
