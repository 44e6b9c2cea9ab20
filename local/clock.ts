// The local world's clock. Host timers, the durable backend's timers and the ARM emulator
// all read time from here so that a test can move 30 days forward in one call and every
// component (including the app's own `new Date()`) sees the same instant.
//
// install() replaces the global Date with a subclass that adds an offset; it is only ever
// called by local/ entry points, never by production code.

type Listener = (now: number) => void;

const RealDate = Date;
let offsetMs = 0;
let installed = false;
const listeners = new Set<Listener>();

export function now(): number {
  return RealDate.now() + offsetMs;
}

export function nowDate(): Date {
  return new RealDate(now());
}

/** Move the clock forward (never backward: durable timers and audit logs assume monotonic time). */
export function advance(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError("advance: ms must be a non-negative number");
  offsetMs += ms;
  notify();
  return now();
}

/** Set the clock to an absolute instant at or after the current one. */
export function set(instant: Date | number | string): number {
  const target = new RealDate(instant).getTime();
  if (Number.isNaN(target)) throw new RangeError(`set: not a valid instant: ${String(instant)}`);
  const delta = target - now();
  if (delta < 0) throw new RangeError("set: the clock only moves forward");
  offsetMs += delta;
  notify();
  return now();
}

export function offset(): number {
  return offsetMs;
}

export function onChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(): void {
  const t = now();
  for (const l of listeners) {
    try {
      l(t);
    } catch {
      // a listener's failure must not stop the clock for the others
    }
  }
}

/** Make `Date.now()` and `new Date()` follow this clock in the current process. */
export function install(): void {
  if (installed) return;
  installed = true;
  class OffsetDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + offsetMs);
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return RealDate.now() + offsetMs;
    }
  }
  globalThis.Date = OffsetDate as DateConstructor;
}
