/** Thrown to an event that waited longer than its bound for a slot: nothing of it ran, so Event Grid's redelivery loses nothing. */
class EventPathBusy extends Error {
  constructor(waitedMs: number, inFlight: number) {
    super(`event path busy: waited ${Math.round(waitedMs)} ms behind ${inFlight} events in flight; failing fast so Event Grid redelivers later`);
    this.name = "EventPathBusy";
  }
}

export interface Admission {
  <T>(run: () => Promise<T>): Promise<T>;
  readonly inFlight: number;
  readonly waiting: number;
}

/**
 * Back-pressure for the event path: at most `maxInFlight` events run at once, the rest wait in
 * arrival order, and one that cannot start within `maxWaitMs` fails at once with EventPathBusy.
 * Event Grid waits 30 s for a delivery; holding a burst past that would make it resend events
 * still being worked on, whereas a fast failure is retried with Event Grid's backoff (10 s, 30 s,
 * 1 min, ...) when the instance (or a new one the scale controller added) has room. In arrival
 * order, the first deliveries of a burst finish first instead of every delivery finishing late.
 */
export function createAdmission(opts: { maxInFlight: number; maxWaitMs: number; now?: () => number }): Admission {
  const now = opts.now ?? (() => performance.now());
  let inFlight = 0;
  let waiting = 0;
  // Timed-out entries stay in the queue, marked, and are skipped when reached (no search on timeout).
  const queue: { start: () => void; timer?: NodeJS.Timeout; gone: boolean }[] = [];
  const release = () => {
    inFlight--;
    for (let next = queue.shift(); next; next = queue.shift()) {
      if (next.gone) continue;
      waiting--;
      clearTimeout(next.timer);
      next.start();
      return;
    }
  };
  const admit = <T>(run: () => Promise<T>): Promise<T> => {
    const go = () => {
      inFlight++;
      let p: Promise<T>;
      try {
        p = run();
      } catch (err) {
        p = Promise.reject(err);
      }
      return p.finally(release);
    };
    if (inFlight < opts.maxInFlight && waiting === 0) return go();
    return new Promise<T>((resolve, reject) => {
      const enqueuedAt = now();
      const entry: (typeof queue)[number] = { start: () => void go().then(resolve, reject), gone: false };
      entry.timer = setTimeout(() => {
        entry.gone = true;
        waiting--;
        reject(new EventPathBusy(now() - enqueuedAt, inFlight));
      }, opts.maxWaitMs);
      waiting++;
      queue.push(entry);
    });
  };
  return Object.defineProperties(admit, {
    inFlight: { get: () => inFlight },
    waiting: { get: () => waiting },
  }) as Admission;
}
