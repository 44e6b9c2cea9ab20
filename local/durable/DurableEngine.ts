// The work loop of the local durable backend. Orchestrator episodes run through
// durable-functions' own replay engine (the orchestrationTrigger handler): the engine hands it
// the persisted history plus new events, reads back the full action list, materialises the
// actions it has not seen yet (TaskScheduled, TimerCreated, SubOrchestrationInstanceCreated)
// and then acts on them. Everything an episode decides is written to the History table before
// anything is acted on; results are written to the instance's inbox before they are consumed.
import { randomBytes, randomUUID } from "node:crypto";
import * as clock from "../clock";
import type { DurableStore } from "./DurableStore";
import {
  ActionType,
  EventType,
  completionKey,
  consumesEventId,
  fireAtOf,
  leafActions,
  parseJson,
  serializeInput,
  unsupportedAction,
  type RawAction,
} from "./historyEvents";
import { TERMINAL_STATUSES, type DurableLog, type FunctionInvoker, type HistoryEvent, type InboxMessage, type InstanceState, type RetryState } from "./types";

const OUT_OF_PROC_LABEL = "\n\n$OutOfProcData$:";
/** Replay schema V3: Task.all / Task.any arrive as nested compound actions. */
const UPPER_SCHEMA_VERSION = 2;
/**
 * The Azure Storage provider caps a timer at 6 days (queue visibility) and makes the replay
 * engine chain 3-day timers; this backend keeps timers in its own store, so any length is one timer.
 */
const MAXIMUM_SHORT_TIMER = "36500.00:00:00";
const LONG_TIMER_INTERVAL = "3.00:00:00";
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

interface Runtime {
  state: InstanceState;
  history: HistoryEvent[];
  inbox: InboxMessage[];
  busy: boolean;
  /** Event ids of timers the orchestrator cancelled: never armed again. */
  canceledTimers: Set<number>;
}

interface ActivityWork {
  instanceId: string;
  executionId: string;
  taskId: number;
  name: string;
  input: string | undefined;
}

interface ArmedTimer {
  instanceId: string;
  executionId: string;
  timerId: number;
  fireAt: number;
}

export interface EngineOptions {
  store: DurableStore;
  invoker: FunctionInvoker;
  log: DurableLog;
  maxConcurrentActivities: number;
  maxConcurrentOrchestrations: number;
}

export class StartConflictError extends Error {}

export class DurableEngine {
  private readonly runtimes = new Map<string, Runtime>();
  private readonly readyQueue: string[] = [];
  private readonly activityQueue: ActivityWork[] = [];
  private timers: ArmedTimer[] = [];
  private runningEpisodes = 0;
  private runningActivities = 0;
  private timerHandle: NodeJS.Timeout | undefined;
  private unsubscribeClock: (() => void) | undefined;
  private stopped = true;
  private readonly inFlight = new Set<Promise<unknown>>();
  private inboxCounter = 0;
  /** Activity invocations per function name, for tests and benches. */
  readonly activityInvocations = new Map<string, number>();

  constructor(private readonly opts: EngineOptions) {}

  // ---- lifecycle -------------------------------------------------------------------------

  async start(): Promise<void> {
    this.stopped = false;
    const active: InstanceState[] = [];
    for (const projected of await this.opts.store.listInstances()) {
      if (TERMINAL_STATUSES.has(projected.runtimeStatus)) continue;
      // the ~state row is authoritative; the Instances row may lag it by one episode
      const st = (await this.opts.store.readState(projected.instanceId)) ?? projected;
      if (st.executionId !== projected.executionId || st.runtimeStatus !== projected.runtimeStatus) await this.opts.store.putInstance(st);
      if (!TERMINAL_STATUSES.has(st.runtimeStatus)) active.push(st);
    }
    for (const st of active) {
      const history = await this.opts.store.readHistory(st.instanceId, st.executionId, st.historyCount);
      const applied = new Set(history.map((e) => e.InboxKey).filter((k): k is string => !!k));
      const inbox: InboxMessage[] = [];
      const stale: string[] = [];
      for (const m of await this.opts.store.readInbox(st.instanceId)) {
        if (applied.has(m.key) || (m.executionId !== undefined && m.executionId !== st.executionId)) stale.push(m.key);
        else inbox.push(m);
      }
      if (stale.length) await this.opts.store.deleteInbox(st.instanceId, stale);
      this.runtimes.set(st.instanceId, { state: st, history, inbox, busy: false, canceledTimers: new Set() });
    }
    for (const st of active) await this.resumePendingWork(st.instanceId);
    this.unsubscribeClock = clock.onChange(() => this.checkTimers());
    this.checkTimers();
    for (const st of active) this.kick(st.instanceId);
    this.opts.log("info", `durable backend resumed ${active.length} instance(s)`, { taskHub: this.opts.store.taskHub });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribeClock?.();
    if (this.timerHandle) clearTimeout(this.timerHandle);
    this.timerHandle = undefined;
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /** Re-creates in-memory work from committed history: activities without a result, unfired timers, unfinished children. */
  private async resumePendingWork(instanceId: string): Promise<void> {
    const rt = this.runtimes.get(instanceId)!;
    const done = new Set<string>();
    for (const e of [...rt.history, ...rt.inbox.map((m) => m.event)]) {
      const k = completionKey(e);
      if (k) done.add(k);
    }
    for (const e of rt.history) {
      if (e.EventType === EventType.TaskScheduled && !done.has(`task:${e.EventId}`)) {
        this.enqueueActivity({ instanceId, executionId: rt.state.executionId, taskId: e.EventId, name: e.Name!, input: e.Input });
      } else if (e.EventType === EventType.TimerCreated && !done.has(`timer:${e.EventId}`)) {
        this.armTimer({ instanceId, executionId: rt.state.executionId, timerId: e.EventId, fireAt: Date.parse(e.FireAt!) });
      } else if (e.EventType === EventType.SubOrchestrationInstanceCreated && !done.has(`task:${e.EventId}`)) {
        await this.ensureChild(rt.state, e);
      }
    }
  }

  // ---- public operations -----------------------------------------------------------------

  orchestratorExists(name: string): boolean {
    return this.opts.invoker.functionsByTrigger("orchestrationTrigger").some((n) => n.toLowerCase() === name.toLowerCase());
  }

  async startInstance(name: string, instanceId: string | undefined, input: string | undefined, version?: string): Promise<InstanceState> {
    const id = instanceId ?? randomUUID().replace(/-/g, "");
    validateInstanceId(id);
    const existing = this.runtimes.get(id)?.state ?? (await this.opts.store.getInstance(id));
    if (existing && !TERMINAL_STATUSES.has(existing.runtimeStatus)) {
      // overridableExistingInstanceStates defaults to NonRunningStates
      throw new StartConflictError(`An Orchestration instance with the status ${existing.runtimeStatus} already exists.`);
    }
    if (existing) {
      this.runtimes.delete(id);
      await this.opts.store.deleteInstance(id);
    }
    return this.createInstance({ name, instanceId: id, input, version });
  }

  private async createInstance(p: { name: string; instanceId: string; input: string | undefined; version?: string; parent?: { instanceId: string; executionId: string; taskId: number } }): Promise<InstanceState> {
    const now = clock.nowDate().toISOString();
    const state: InstanceState = {
      instanceId: p.instanceId,
      name: p.name,
      version: p.version,
      executionId: randomUUID().replace(/-/g, ""),
      runtimeStatus: "Pending",
      input: p.input,
      createdTime: now,
      lastUpdatedTime: now,
      parentInstanceId: p.parent?.instanceId,
      parentExecutionId: p.parent?.executionId,
      parentTaskScheduledId: p.parent?.taskId,
      historyCount: 0,
      nextEventId: 0,
      leafCount: 0,
      leafIds: [],
      retries: {},
    };
    await this.opts.store.putInstance(state);
    this.runtimes.set(state.instanceId, { state, history: [], inbox: [], busy: false, canceledTimers: new Set() });
    this.kick(state.instanceId);
    return state;
  }

  /** The instance's state; loaded instances come from memory, finished ones from the table. */
  async getInstance(instanceId: string): Promise<{ state: InstanceState; history?: HistoryEvent[] } | undefined> {
    const rt = this.runtimes.get(instanceId);
    if (rt) return { state: rt.state, history: rt.history };
    const state = await this.opts.store.getInstance(instanceId);
    return state ? { state } : undefined;
  }

  async readHistory(state: InstanceState): Promise<HistoryEvent[]> {
    const rt = this.runtimes.get(state.instanceId);
    if (rt && rt.state.executionId === state.executionId) return rt.history;
    return this.opts.store.readHistory(state.instanceId, state.executionId, state.historyCount);
  }

  async listInstances(): Promise<InstanceState[]> {
    const stored = await this.opts.store.listInstances();
    return stored.map((s) => this.runtimes.get(s.instanceId)?.state ?? s);
  }

  /** Returns false when the instance is not running (Azure answers 410 Gone). */
  async raiseEvent(instanceId: string, name: string, input: string | undefined): Promise<"ok" | "gone" | "missing"> {
    const rt = this.runtimes.get(instanceId);
    if (!rt) return (await this.opts.store.getInstance(instanceId)) ? "gone" : "missing";
    if (TERMINAL_STATUSES.has(rt.state.runtimeStatus)) return "gone";
    await this.deliver(instanceId, undefined, { EventType: EventType.EventRaised, EventId: -1, IsPlayed: false, Timestamp: "", Name: name, Input: input });
    return "ok";
  }

  async terminate(instanceId: string, reason: string | undefined): Promise<"ok" | "gone" | "missing"> {
    const rt = this.runtimes.get(instanceId);
    if (!rt) return (await this.opts.store.getInstance(instanceId)) ? "gone" : "missing";
    if (TERMINAL_STATUSES.has(rt.state.runtimeStatus)) return "gone";
    await this.deliver(instanceId, undefined, { EventType: EventType.ExecutionTerminated, EventId: -1, IsPlayed: false, Timestamp: "", Input: JSON.stringify(reason ?? "") });
    return "ok";
  }

  /** Suspend or resume: the instance holds (or releases) its messages; Azure's ExecutionSuspended / ExecutionResumed. */
  async setSuspended(instanceId: string, suspend: boolean, reason: string | undefined): Promise<"ok" | "gone" | "missing"> {
    const rt = this.runtimes.get(instanceId);
    if (!rt) return (await this.opts.store.getInstance(instanceId)) ? "gone" : "missing";
    if (TERMINAL_STATUSES.has(rt.state.runtimeStatus)) return "gone";
    const type = suspend ? EventType.ExecutionSuspended : EventType.ExecutionResumed;
    await this.deliver(instanceId, undefined, { EventType: type, EventId: -1, IsPlayed: false, Timestamp: "", Reason: reason });
    return "ok";
  }

  async purge(instanceId: string): Promise<boolean> {
    const found = this.runtimes.get(instanceId)?.state ?? (await this.opts.store.getInstance(instanceId));
    if (!found || !TERMINAL_STATUSES.has(found.runtimeStatus)) return false;
    this.runtimes.delete(instanceId);
    await this.opts.store.deleteInstance(instanceId);
    return true;
  }

  // ---- messages and scheduling -----------------------------------------------------------

  /** Persists a message to the instance's inbox, then lets the instance run an episode. */
  private async deliver(instanceId: string, executionId: string | undefined, event: HistoryEvent): Promise<void> {
    const key = `${String(clock.now()).padStart(15, "0")}-${String(++this.inboxCounter).padStart(9, "0")}-${randomBytes(4).toString("hex")}`;
    const msg: InboxMessage = { key, executionId, event };
    // instances that are not loaded have finished (or were purged): nothing will read the message
    if (!this.runtimes.has(instanceId)) return;
    await this.opts.store.putInbox(instanceId, msg);
    const rt = this.runtimes.get(instanceId);
    if (!rt) return;
    rt.inbox.push(msg);
    this.kick(instanceId);
  }

  private kick(instanceId: string): void {
    if (this.stopped) return;
    const rt = this.runtimes.get(instanceId);
    if (!rt || rt.busy) return;
    const needsStart = rt.state.historyCount === 0 && !TERMINAL_STATUSES.has(rt.state.runtimeStatus);
    if (!needsStart && rt.inbox.length === 0) return;
    if (!needsStart && rt.state.runtimeStatus === "Suspended" && !rt.inbox.some((m) => isControl(m.event))) return;
    rt.busy = true;
    this.readyQueue.push(instanceId);
    this.pump();
  }

  private pump(): void {
    while (!this.stopped && this.runningEpisodes < this.opts.maxConcurrentOrchestrations && this.readyQueue.length) {
      const id = this.readyQueue.shift()!;
      this.runningEpisodes++;
      this.track(
        this.runEpisode(id)
          .catch((err) => this.opts.log("error", `episode of ${id} failed: ${errMessage(err)}`, { instanceId: id }))
          .finally(() => {
            this.runningEpisodes--;
            const rt = this.runtimes.get(id);
            if (rt) rt.busy = false;
            this.kick(id);
            this.pump();
          }),
      );
    }
    while (!this.stopped && this.runningActivities < this.opts.maxConcurrentActivities && this.activityQueue.length) {
      const work = this.activityQueue.shift()!;
      this.runningActivities++;
      // not tracked for stop(): an activity may run for minutes; a result that arrives after
      // stop is not recorded, so the next start runs the activity again (as after a crash)
      void this.runActivity(work)
        .catch((err) => this.opts.log("error", `activity ${work.name} of ${work.instanceId} could not be recorded: ${errMessage(err)}`))
        .finally(() => {
          this.runningActivities--;
          this.pump();
        });
    }
  }

  private track(p: Promise<unknown>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private enqueueActivity(work: ActivityWork): void {
    this.activityQueue.push(work);
    this.pump();
  }

  private async runActivity(work: ActivityWork): Promise<void> {
    const known = this.opts.invoker.functionsByTrigger("activityTrigger").some((n) => n.toLowerCase() === work.name.toLowerCase());
    let event: HistoryEvent;
    if (!known) {
      event = taskFailed(work.taskId, `The function '${work.name}' doesn't exist, is disabled, or is not an activity function. Additional info: the app has no activityTrigger function by that name.`, "");
    } else {
      this.activityInvocations.set(work.name, (this.activityInvocations.get(work.name) ?? 0) + 1);
      try {
        const result = await this.opts.invoker.invokeTrigger(work.name, parseJson(work.input));
        event = { EventType: EventType.TaskCompleted, EventId: -1, IsPlayed: false, Timestamp: "", TaskScheduledId: work.taskId, Result: JSON.stringify(result ?? null) };
      } catch (err) {
        event = activityFailure(work.taskId, work.name, err);
      }
    }
    if (this.stopped) return; // the result is not durable yet: the next start re-runs the activity, as Azure would
    await this.deliver(work.instanceId, work.executionId, event);
  }

  // ---- timers ----------------------------------------------------------------------------

  private armTimer(t: ArmedTimer): void {
    this.timers.push(t);
    this.scheduleTimerCheck();
  }

  private scheduleTimerCheck(): void {
    if (this.stopped) return;
    if (this.timerHandle) clearTimeout(this.timerHandle);
    this.timerHandle = undefined;
    if (!this.timers.length) return;
    const next = Math.min(...this.timers.map((t) => t.fireAt));
    const delay = Math.max(0, Math.min(MAX_TIMEOUT_MS, next - clock.now()));
    this.timerHandle = setTimeout(() => this.checkTimers(), delay);
    this.timerHandle.unref?.();
  }

  private checkTimers(): void {
    if (this.stopped) return;
    const now = clock.now();
    const due = this.timers.filter((t) => t.fireAt <= now);
    this.timers = this.timers.filter((t) => t.fireAt > now);
    for (const t of due) {
      const fired: HistoryEvent = { EventType: EventType.TimerFired, EventId: -1, IsPlayed: false, Timestamp: "", TimerId: t.timerId, FireAt: new Date(t.fireAt).toISOString() };
      this.track(this.deliver(t.instanceId, t.executionId, fired).catch((err) => this.opts.log("error", `timer of ${t.instanceId} could not be recorded: ${errMessage(err)}`)));
    }
    this.scheduleTimerCheck();
  }

  // ---- sub-orchestrations ----------------------------------------------------------------

  private async ensureChild(parent: InstanceState, created: HistoryEvent): Promise<void> {
    const childId = created.InstanceId!;
    const loaded = this.runtimes.get(childId)?.state;
    const child = loaded ?? (await this.opts.store.getInstance(childId));
    if (!child) {
      await this.createInstance({ name: created.Name!, instanceId: childId, input: created.Input, parent: { instanceId: parent.instanceId, executionId: parent.executionId, taskId: created.EventId } });
      return;
    }
    if (TERMINAL_STATUSES.has(child.runtimeStatus) && child.parentInstanceId === parent.instanceId) await this.notifyParent(child);
  }

  private async notifyParent(child: InstanceState): Promise<void> {
    if (!child.parentInstanceId || child.parentTaskScheduledId === undefined) return;
    const event: HistoryEvent =
      child.runtimeStatus === "Completed"
        ? { EventType: EventType.SubOrchestrationInstanceCompleted, EventId: -1, IsPlayed: false, Timestamp: "", TaskScheduledId: child.parentTaskScheduledId, Result: child.output ?? "null" }
        : {
            EventType: EventType.SubOrchestrationInstanceFailed,
            EventId: -1,
            IsPlayed: false,
            Timestamp: "",
            TaskScheduledId: child.parentTaskScheduledId,
            Reason: `Sub-orchestration '${child.name}' (instance ${child.instanceId}) ${child.runtimeStatus === "Terminated" ? "was terminated" : "failed"}: ${String(parseJson(child.output) ?? "")}`,
            Details: child.output ?? "",
          };
    await this.deliver(child.parentInstanceId, child.parentExecutionId, event);
  }

  // ---- the episode -----------------------------------------------------------------------

  private async runEpisode(instanceId: string): Promise<void> {
    const rt = this.runtimes.get(instanceId);
    if (!rt) return;
    this.opts.log("debug", `episode of ${instanceId}: ${rt.inbox.length} message(s), ${rt.history.length} event(s) of history`);
    const prev = structuredClone(rt.state);
    const st = structuredClone(rt.state);
    const messages = rt.inbox.splice(0);
    if (TERMINAL_STATUSES.has(st.runtimeStatus)) {
      await this.opts.store.deleteInbox(instanceId, messages.map((m) => m.key));
      return;
    }
    const now = clock.now();
    const nowIso = new Date(now).toISOString();
    const done = new Set(rt.history.map(completionKey).filter((k): k is string => !!k));

    const newEvents: HistoryEvent[] = [{ EventType: EventType.OrchestratorStarted, EventId: -1, IsPlayed: false, Timestamp: nowIso }];
    if (rt.history.length === 0) newEvents.push({ EventType: EventType.ExecutionStarted, EventId: -1, IsPlayed: false, Timestamp: nowIso, Name: st.name, Input: st.input, Version: st.version });

    const consumed: string[] = [];
    const extra: HistoryEvent[] = [];
    const work: Array<() => Promise<void> | void> = [];
    let terminateReason: string | undefined;
    let suspended = st.runtimeStatus === "Suspended";
    const held: InboxMessage[] = [];
    for (const m of messages) {
      if (suspended && !isControl(m.event)) {
        // a suspended instance keeps its messages until it is resumed
        held.push(m);
        continue;
      }
      consumed.push(m.key);
      if (m.executionId !== undefined && m.executionId !== st.executionId) continue;
      const ev: HistoryEvent = { ...m.event, Timestamp: nowIso, InboxKey: m.key };
      const k = completionKey(ev);
      if (k) {
        if (done.has(k)) continue;
        done.add(k);
      }
      if (ev.EventType === EventType.ExecutionTerminated) {
        terminateReason = String(parseJson(ev.Input) ?? "");
        newEvents.push(ev);
        continue;
      }
      if (ev.EventType === EventType.ExecutionSuspended || ev.EventType === EventType.ExecutionResumed) {
        suspended = ev.EventType === EventType.ExecutionSuspended;
        newEvents.push(ev);
        continue;
      }
      newEvents.push(ev);
      this.applyRetry(st, ev, now, nowIso, extra, work);
    }

    let failure: string | undefined;
    let result: { isDone?: boolean; actions?: unknown; output?: unknown; customStatus?: unknown; error?: unknown } | undefined;
    if (terminateReason === undefined) {
      const binding = {
        // a copy, as over the wire: the replay engine rewrites fields of the events it is given
        history: structuredClone([...rt.history.map((e) => ({ ...e, IsPlayed: true })), ...newEvents, ...extra]),
        input: parseJson(st.input),
        instanceId: st.instanceId,
        isReplaying: rt.history.length > 0,
        parentInstanceId: st.parentInstanceId,
        upperSchemaVersion: UPPER_SCHEMA_VERSION,
        upperSchemaVersionNew: UPPER_SCHEMA_VERSION,
        maximumShortTimerDuration: MAXIMUM_SHORT_TIMER,
        longRunningTimerIntervalDuration: LONG_TIMER_INTERVAL,
        defaultHttpAsyncRequestSleepTimeMillseconds: 30_000,
      };
      try {
        result = (await this.opts.invoker.invokeTrigger(st.name, binding)) as typeof result;
        if (typeof result === "string") result = JSON.parse(result) as typeof result;
      } catch (err) {
        const message = errMessage(err);
        const at = message.indexOf(OUT_OF_PROC_LABEL);
        if (at >= 0) {
          // the replay engine puts the orchestrator's state, with the user's error message, after the label
          result = JSON.parse(message.slice(at + OUT_OF_PROC_LABEL.length)) as typeof result;
          failure = typeof result?.error === "string" && result.error ? result.error : message.slice(0, at);
        } else {
          failure = message;
        }
      }
    }

    // materialise the actions the orchestrator has not scheduled before
    let continueAsNew: RawAction | undefined;
    const leaves = result?.actions ? leafActions(result.actions) : [];
    for (const a of leaves) {
      if (a.actionType === ActionType.ContinueAsNew) continueAsNew = a;
      const unsupported = unsupportedAction(a);
      if (unsupported && failure === undefined) failure = unsupported;
    }
    const idLeaves = leaves.filter(consumesEventId);
    const leafIds = st.leafIds;
    if (failure === undefined) failure = nondeterminism(idLeaves, st, rt.history);
    if (failure === undefined) {
      for (let i = 0; i < idLeaves.length; i++) {
        const a = idLeaves[i]!;
        if (i < st.leafCount) {
          if (a.actionType === ActionType.CreateTimer && a.isCanceled && leafIds[i] !== undefined) this.cancelTimer(rt, st, leafIds[i]!);
          continue;
        }
        const id = st.nextEventId++;
        leafIds[i] = id;
        this.materialise(st, rt, a, id, now, nowIso, extra, work);
      }
      st.leafCount = Math.max(st.leafCount, idLeaves.length);
    }

    if (result?.customStatus !== undefined) st.customStatus = JSON.stringify(result.customStatus);
    extra.push({ EventType: EventType.OrchestratorCompleted, EventId: -1, IsPlayed: false, Timestamp: nowIso });

    let finished = false;
    let nextExecution: InstanceState | undefined;
    if (terminateReason !== undefined) {
      st.runtimeStatus = "Terminated";
      st.output = JSON.stringify(terminateReason);
      finished = true;
    } else if (failure !== undefined) {
      st.runtimeStatus = "Failed";
      st.output = JSON.stringify(`Orchestrator function '${st.name}' failed: ${failure}`);
      extra.push({ EventType: EventType.ExecutionCompleted, EventId: -1, IsPlayed: false, Timestamp: nowIso, OrchestrationStatus: "Failed", Result: st.output });
      finished = true;
    } else if (result?.isDone && continueAsNew) {
      st.runtimeStatus = "Running";
      extra.push({ EventType: EventType.ContinueAsNew, EventId: -1, IsPlayed: false, Timestamp: nowIso, Result: serializeInput(continueAsNew.input, true) });
      nextExecution = {
        ...st,
        executionId: randomUUID().replace(/-/g, ""),
        input: serializeInput(continueAsNew.input, true),
        output: undefined,
        historyCount: 0,
        nextEventId: 0,
        leafCount: 0,
        leafIds: [],
        retries: {},
      };
    } else if (result?.isDone) {
      st.runtimeStatus = "Completed";
      st.output = result.output === undefined ? undefined : JSON.stringify(result.output);
      extra.push({ EventType: EventType.ExecutionCompleted, EventId: -1, IsPlayed: false, Timestamp: nowIso, OrchestrationStatus: "Completed", Result: st.output });
      finished = true;
    } else {
      st.runtimeStatus = suspended ? "Suspended" : "Running";
    }
    st.lastUpdatedTime = nowIso;
    if (finished) st.completedTime = nowIso;

    // commit history, state and consumed inbox in one transaction; then refresh the Instances
    // row, which queries read, when something it shows changed (memory serves running instances)
    const appended = [...newEvents, ...extra];
    st.historyCount = rt.history.length + appended.length;
    if (nextExecution) nextExecution.lastUpdatedTime = nowIso;
    const committed = nextExecution ?? st;
    try {
      await this.opts.store.commitEpisode(committed, nextExecution ? 0 : rt.history.length, nextExecution ? [] : appended, consumed);
      const visible = (x: InstanceState) => [x.runtimeStatus, x.customStatus, x.output, x.executionId].join("\u0000");
      if (visible(prev) !== visible(committed) || prev.historyCount === 0) await this.opts.store.putInstance(committed);
    } catch (err) {
      rt.state = prev;
      rt.inbox.unshift(...messages);
      throw err;
    }

    if (nextExecution) {
      rt.state = nextExecution;
      rt.history = [];
      rt.canceledTimers.clear();
      this.timers = this.timers.filter((t) => t.instanceId !== instanceId);
      void this.opts.store.deleteExecution(instanceId, st.executionId).catch((err) => this.opts.log("warn", `old execution of ${instanceId} not deleted: ${errMessage(err)}`));
      return;
    }
    rt.inbox.unshift(...held);
    rt.state = st;
    rt.history.push(...appended.map((e) => ({ ...e, IsPlayed: false })));
    if (finished) {
      this.timers = this.timers.filter((t) => t.instanceId !== instanceId);
      this.runtimes.delete(instanceId);
      await this.notifyParent(st);
      return;
    }
    for (const w of work) await w();
  }

  /**
   * callActivityWithRetry / callSubOrchestratorWithRetry: the replay engine (RetryableTask)
   * expects, after each failed attempt, a timer and then a new TaskScheduled, each taking the
   * next sequence number; after the timer of the last allowed attempt it fails the task itself.
   */
  private applyRetry(st: InstanceState, ev: HistoryEvent, now: number, nowIso: string, extra: HistoryEvent[], work: Array<() => Promise<void> | void>): void {
    const entry = Object.entries(st.retries).find(([, r]) =>
      r.waitingOnTimer ? ev.EventType === EventType.TimerFired && ev.TimerId === r.currentId : ev.TaskScheduledId === r.currentId && (ev.EventType === EventType.TaskFailed || ev.EventType === EventType.TaskCompleted || ev.EventType === EventType.SubOrchestrationInstanceFailed || ev.EventType === EventType.SubOrchestrationInstanceCompleted),
    );
    if (!entry) return;
    const [key, r] = entry;
    if (ev.EventType === EventType.TaskCompleted || ev.EventType === EventType.SubOrchestrationInstanceCompleted) {
      delete st.retries[key];
      return;
    }
    if (ev.EventType === EventType.TimerFired) {
      r.waitingOnTimer = false;
      if (r.attempt > r.maxNumberOfAttempts) {
        delete st.retries[key];
        return;
      }
      const id = st.nextEventId++;
      r.currentId = id;
      this.schedule(st, { kind: r.kind, name: r.name, input: r.input, instanceId: r.instanceId }, id, nowIso, extra, work);
      return;
    }
    // a failed attempt: wait before the next one (DurableTask Core's RetryOptions delay)
    const delay = retryDelay(r, r.attempt - 1, now);
    r.attempt++;
    const timerId = st.nextEventId++;
    r.currentId = timerId;
    r.waitingOnTimer = true;
    const fireAt = now + delay;
    extra.push({ EventType: EventType.TimerCreated, EventId: timerId, IsPlayed: false, Timestamp: nowIso, FireAt: new Date(fireAt).toISOString() });
    const executionId = st.executionId;
    work.push(() => this.armTimer({ instanceId: st.instanceId, executionId, timerId, fireAt }));
  }

  private materialise(st: InstanceState, rt: Runtime, a: RawAction, id: number, now: number, nowIso: string, extra: HistoryEvent[], work: Array<() => Promise<void> | void>): void {
    switch (a.actionType) {
      case ActionType.CallActivity:
      case ActionType.CallActivityWithRetry: {
        const input = serializeInput(a.input, true);
        if (a.actionType === ActionType.CallActivityWithRetry) st.retries[String(id)] = newRetry("activity", a, input, undefined, id, now);
        this.schedule(st, { kind: "activity", name: a.functionName!, input }, id, nowIso, extra, work);
        return;
      }
      case ActionType.CallSubOrchestrator:
      case ActionType.CallSubOrchestratorWithRetry: {
        const input = serializeInput(a.input, false);
        if (a.actionType === ActionType.CallSubOrchestratorWithRetry) st.retries[String(id)] = newRetry("subOrchestration", a, input, a.instanceId, id, now);
        this.schedule(st, { kind: "subOrchestration", name: a.functionName!, input, instanceId: a.instanceId }, id, nowIso, extra, work);
        return;
      }
      case ActionType.CreateTimer: {
        const fireAt = fireAtOf(a);
        extra.push({ EventType: EventType.TimerCreated, EventId: id, IsPlayed: false, Timestamp: nowIso, FireAt: new Date(fireAt).toISOString() });
        if (a.isCanceled) {
          rt.canceledTimers.add(id);
          return;
        }
        const executionId = st.executionId;
        work.push(() => this.armTimer({ instanceId: st.instanceId, executionId, timerId: id, fireAt }));
        return;
      }
      default:
        return;
    }
  }

  private schedule(st: InstanceState, t: { kind: "activity" | "subOrchestration"; name: string; input?: string; instanceId?: string }, id: number, nowIso: string, extra: HistoryEvent[], work: Array<() => Promise<void> | void>): void {
    const executionId = st.executionId;
    if (t.kind === "activity") {
      extra.push({ EventType: EventType.TaskScheduled, EventId: id, IsPlayed: false, Timestamp: nowIso, Name: t.name, Input: t.input });
      work.push(() => this.enqueueActivity({ instanceId: st.instanceId, executionId, taskId: id, name: t.name, input: t.input }));
      return;
    }
    // DurableTask Core's default child id: parent id + ':' + the task's sequence number in hex
    const childId = t.instanceId || `${st.instanceId}:${id.toString(16).padStart(4, "0")}`;
    const created: HistoryEvent = { EventType: EventType.SubOrchestrationInstanceCreated, EventId: id, IsPlayed: false, Timestamp: nowIso, Name: t.name, Input: t.input, InstanceId: childId };
    extra.push(created);
    const parentState = st;
    work.push(async () => {
      if (!this.orchestratorExists(t.name)) {
        await this.deliver(st.instanceId, executionId, {
          EventType: EventType.SubOrchestrationInstanceFailed,
          EventId: -1,
          IsPlayed: false,
          Timestamp: "",
          TaskScheduledId: id,
          Reason: `The function '${t.name}' doesn't exist, is disabled, or is not an orchestrator function.`,
          Details: "",
        });
        return;
      }
      const existing = this.runtimes.get(childId)?.state ?? (await this.opts.store.getInstance(childId));
      if (existing && TERMINAL_STATUSES.has(existing.runtimeStatus)) {
        this.runtimes.delete(childId);
        await this.opts.store.deleteInstance(childId);
      }
      await this.ensureChild(parentState, created);
    });
  }

  private cancelTimer(rt: Runtime, st: InstanceState, timerId: number): void {
    if (rt.canceledTimers.has(timerId)) return;
    rt.canceledTimers.add(timerId);
    this.timers = this.timers.filter((t) => !(t.instanceId === st.instanceId && t.timerId === timerId));
    this.scheduleTimerCheck();
  }
}

/**
 * The extension fails an orchestration whose replay schedules something other than what its
 * history recorded at the same position ("Non-Deterministic workflow detected").
 */
function nondeterminism(leaves: RawAction[], st: InstanceState, history: HistoryEvent[]): string | undefined {
  const byId = new Map<number, HistoryEvent>();
  for (const e of history) {
    if (e.EventType === EventType.TaskScheduled || e.EventType === EventType.TimerCreated || e.EventType === EventType.SubOrchestrationInstanceCreated) {
      if (!byId.has(e.EventId)) byId.set(e.EventId, e);
    }
  }
  const n = Math.min(leaves.length, st.leafCount);
  for (let i = 0; i < n; i++) {
    const a = leaves[i]!;
    const id = st.leafIds[i];
    const recorded = id === undefined ? undefined : byId.get(id);
    if (!recorded) continue;
    const expected =
      a.actionType === ActionType.CreateTimer
        ? EventType.TimerCreated
        : a.actionType === ActionType.CallSubOrchestrator || a.actionType === ActionType.CallSubOrchestratorWithRetry
          ? EventType.SubOrchestrationInstanceCreated
          : EventType.TaskScheduled;
    const sameName = expected === EventType.TimerCreated || (recorded.Name ?? "").toLowerCase() === (a.functionName ?? "").toLowerCase();
    if (recorded.EventType !== expected || !sameName) {
      const what = recorded.EventType === EventType.TimerCreated ? "a timer" : `'${recorded.Name}'`;
      return `Non-Deterministic workflow detected: step ${i} (event ${id}) was ${what} in the history, but the replay scheduled ${expected === EventType.TimerCreated ? "a timer" : `'${a.functionName}'`}. Orchestrator code must be deterministic.`;
    }
  }
  return undefined;
}

function isControl(e: HistoryEvent): boolean {
  return e.EventType === EventType.ExecutionTerminated || e.EventType === EventType.ExecutionSuspended || e.EventType === EventType.ExecutionResumed;
}

function newRetry(kind: RetryState["kind"], a: RawAction, input: string | undefined, instanceId: string | undefined, id: number, now: number): RetryState {
  const o = a.retryOptions;
  if (!o || !(o.firstRetryIntervalInMilliseconds > 0) || !(o.maxNumberOfAttempts >= 1)) {
    throw new Error(`retryOptions of '${a.functionName}': firstRetryIntervalInMilliseconds must be > 0 and maxNumberOfAttempts >= 1`);
  }
  return {
    kind,
    name: a.functionName!,
    input,
    instanceId,
    firstRetryIntervalInMilliseconds: o.firstRetryIntervalInMilliseconds,
    maxNumberOfAttempts: o.maxNumberOfAttempts,
    backoffCoefficient: o.backoffCoefficient && o.backoffCoefficient > 0 ? o.backoffCoefficient : 1,
    maxRetryIntervalInMilliseconds: o.maxRetryIntervalInMilliseconds && o.maxRetryIntervalInMilliseconds > 0 ? o.maxRetryIntervalInMilliseconds : undefined,
    retryTimeoutInMilliseconds: o.retryTimeoutInMilliseconds && o.retryTimeoutInMilliseconds > 0 ? o.retryTimeoutInMilliseconds : undefined,
    attempt: 1,
    firstAttemptAt: now,
    currentId: id,
    waitingOnTimer: false,
  };
}

/** DurableTask Core RetryOptions: first interval x coefficient^retryCount, capped by the maximum interval. */
function retryDelay(r: RetryState, retryCount: number, now: number): number {
  if (r.retryTimeoutInMilliseconds !== undefined && now >= r.firstAttemptAt + r.retryTimeoutInMilliseconds) return 0;
  const d = r.firstRetryIntervalInMilliseconds * Math.pow(r.backoffCoefficient, retryCount);
  return r.maxRetryIntervalInMilliseconds !== undefined ? Math.min(d, r.maxRetryIntervalInMilliseconds) : d;
}

function taskFailed(taskId: number, reason: string, details: string, failureDetails?: Record<string, unknown>): HistoryEvent {
  return { EventType: EventType.TaskFailed, EventId: -1, IsPlayed: false, Timestamp: "", TaskScheduledId: taskId, Reason: reason, Details: details, ...(failureDetails ? { FailureDetails: failureDetails } : {}) };
}

/**
 * An activity exception as the extension records it for an out-of-process worker: Reason
 * "Activity function 'X' failed: <message>", Details the serialised RpcException. When the app
 * registered an exception-properties provider, durable-functions already put a FailureDetails
 * JSON in the message, and the extension forwards it as FailureDetails.
 */
function activityFailure(taskId: number, name: string, err: unknown): HistoryEvent {
  const e = err instanceof Error ? err : new Error(String(err));
  try {
    const parsed = JSON.parse(e.message) as Record<string, unknown>;
    if (parsed && typeof parsed === "object" && typeof parsed.errorMessage === "string") {
      return taskFailed(taskId, `Activity function '${name}' failed: ${parsed.errorMessage}`, "", {
        ErrorType: parsed.errorType ?? "Error",
        ErrorMessage: parsed.errorMessage,
        StackTrace: parsed.stackTrace,
        IsNonRetriable: parsed.isNonRetriable ?? false,
        Properties: parsed.properties,
      });
    }
  } catch {
    // an ordinary message
  }
  const rpcMessage = `Result: Failure\nException: ${e.message}\nStack: ${e.stack ?? ""}`;
  const details = JSON.stringify({ ClassName: "Microsoft.Azure.WebJobs.Script.Workers.Rpc.RpcException", Message: rpcMessage });
  return taskFailed(taskId, `Activity function '${name}' failed: ${e.message}`, details);
}

export function validateInstanceId(id: string): void {
  if (!id || id.length > 256 || /[\/\\#?]|[\u0000-\u001f\u007f]/.test(id)) {
    throw new RangeError(`instanceId: "${id}" must be 1-256 characters without '/', '\\', '#', '?' or control characters`);
  }
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
