// A minimal replay-free driver for generator orchestrators: it hands the generator a context whose
// tasks are plain descriptions, runs the named activities (the real ones, over in-memory deps) and
// feeds results back. Timers fire when `advanceTo` passes them; external events come from `events`.

type Desc = { kind: "activity"; name: string; input: unknown } | { kind: "all"; tasks: Desc[] } | { kind: "any"; tasks: Desc[] } | { kind: "timer"; at: Date } | { kind: "event"; name: string };
type T = Desc & { isCompleted: boolean; isFaulted: boolean; result?: unknown; cancel?: () => void; settled?: Promise<T> };

export interface RunOptions {
  instanceId: string;
  input: unknown;
  now: () => Date;
  activities: Record<string, (input: any) => Promise<unknown>>;
  /** Which of a race's tasks wins: returns an event payload to deliver, or undefined to let the timer fire. */
  onRace?: (names: string[]) => { event: string; payload: unknown } | undefined;
  failActivity?: (name: string, input: any) => boolean;
}

export async function runOrchestrator(fn: (ctx: any) => Generator<any, unknown, any>, o: RunOptions): Promise<{ output: unknown; customStatus: unknown; scheduled: string[] }> {
  let customStatus: unknown;
  const scheduled: string[] = [];
  const task = (d: Desc): T => ({ ...d, isCompleted: false, isFaulted: false, cancel() {} }) as T;
  const ctx = {
    df: {
      instanceId: o.instanceId,
      get currentUtcDateTime() {
        return o.now();
      },
      getInput: () => o.input,
      setCustomStatus: (s: unknown) => void (customStatus = JSON.parse(JSON.stringify(s))),
      callActivity: (name: string, input: unknown) => task({ kind: "activity", name, input }),
      callActivityWithRetry: (name: string, _r: unknown, input: unknown) => task({ kind: "activity", name, input }),
      createTimer: (at: Date) => task({ kind: "timer", at }),
      waitForExternalEvent: (name: string) => task({ kind: "event", name }),
      Task: { all: (tasks: T[]) => task({ kind: "all", tasks }), any: (tasks: T[]) => task({ kind: "any", tasks }) },
    },
  };
  const run = async (t: T): Promise<unknown> => {
    try {
      if (t.kind === "activity") {
        scheduled.push(t.name);
        if (o.failActivity?.(t.name, t.input)) throw new Error(`injected failure in ${t.name}`);
        const fnA = o.activities[t.name];
        if (!fnA) throw new Error(`no activity ${t.name}`);
        t.result = JSON.parse(JSON.stringify((await fnA(t.input)) ?? null));
      } else if (t.kind === "all") {
        const results = await Promise.allSettled((t.tasks as T[]).map(run));
        const bad = results.find((r) => r.status === "rejected");
        if (bad) throw (bad as PromiseRejectedResult).reason;
        t.result = results.map((r) => (r as PromiseFulfilledResult<unknown>).value);
      } else if (t.kind === "any" && (t.tasks as T[]).every((x) => x.kind === "activity")) {
        // A window of activities: each runs once (a task raced again keeps its run), the first to settle wins.
        const tasks = t.tasks as T[];
        t.result = tasks.find((x) => x.isCompleted) ?? (await Promise.race(tasks.map((x) => (x.settled ??= run(x).then(() => x, () => x)))));
      } else if (t.kind === "any") {
        const tasks = t.tasks as T[];
        const answer = o.onRace?.(tasks.filter((x) => x.kind === "event").map((x) => (x as { name: string }).name));
        const winner = answer ? tasks.find((x) => x.kind === "event" && x.name === answer.event)! : tasks.find((x) => x.kind === "timer")!;
        winner.result = answer?.payload;
        winner.isCompleted = true;
        t.result = winner;
      }
      t.isCompleted = true;
      return t.result;
    } catch (e) {
      t.isCompleted = true;
      t.isFaulted = true;
      throw e;
    }
  };
  const gen = fn(ctx);
  let next = gen.next();
  while (!next.done) {
    const t = next.value as T;
    try {
      const value = t.isCompleted ? t.result : await run(t);
      if (t.isFaulted) next = gen.throw(new Error("faulted"));
      else next = gen.next(value);
    } catch (e) {
      next = gen.throw(e);
    }
  }
  return { output: next.value, customStatus, scheduled };
}
