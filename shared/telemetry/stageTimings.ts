// Per-stage timing histograms of the event path, for benches (`AILZ_STAGE_TIMINGS=1`; off by
// default, when timed() is a plain await). Fixed log-scale buckets keep recording allocation-free
// and cheap; percentiles are read off the buckets (upper bound of the bucket). The table lives on
// globalThis so a host and the app it loads (bundled or from source) share one, which is how the
// local host serves it (GET /admin/host/stages).

const KEY = Symbol.for("ailz.stageTimings");
/** Bucket upper bounds in ms: 0.125 .. 65,536 (x2), then everything slower. */
const BOUNDS = Array.from({ length: 20 }, (_, i) => 0.125 * 2 ** i);

interface Histogram {
  count: number;
  totalMs: number;
  maxMs: number;
  buckets: number[];
}

export interface StageSummary {
  count: number;
  totalMs: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

type Table = Map<string, Histogram>;

function table(): Table | undefined {
  const g = globalThis as { [KEY]?: Table | null };
  if (g[KEY] === undefined) g[KEY] = process.env.AILZ_STAGE_TIMINGS === "1" ? new Map() : null;
  return g[KEY] ?? undefined;
}

/** Adds one observation of `stage`. */
export function recordStage(stage: string, ms: number): void {
  const t = table();
  if (!t) return;
  let h = t.get(stage);
  if (!h) t.set(stage, (h = { count: 0, totalMs: 0, maxMs: 0, buckets: new Array<number>(BOUNDS.length + 1).fill(0) }));
  h.count++;
  h.totalMs += ms;
  if (ms > h.maxMs) h.maxMs = ms;
  let i = 0;
  while (i < BOUNDS.length && ms > BOUNDS[i]!) i++;
  h.buckets[i]!++;
}

/** Awaits `work`, recording how long it took under `stage` (also when it throws). */
export async function timed<T>(stage: string, work: () => Promise<T>): Promise<T> {
  if (!table()) return work();
  const t0 = performance.now();
  try {
    return await work();
  } finally {
    recordStage(stage, performance.now() - t0);
  }
}

function percentile(h: Histogram, p: number): number {
  const rank = Math.ceil((p / 100) * h.count);
  let seen = 0;
  for (let i = 0; i < h.buckets.length; i++) {
    seen += h.buckets[i]!;
    if (seen >= rank) return Math.min(BOUNDS[i] ?? h.maxMs, h.maxMs);
  }
  return h.maxMs;
}

const r2 = (x: number) => Math.round(x * 100) / 100;

/** Every stage's count, total, mean, bucket percentiles and max, in ms; empty when off. */
export function stageSummary(): Record<string, StageSummary> {
  const out: Record<string, StageSummary> = {};
  for (const [name, h] of table() ?? []) {
    out[name] = { count: h.count, totalMs: r2(h.totalMs), meanMs: r2(h.totalMs / h.count), p50Ms: percentile(h, 50), p90Ms: percentile(h, 90), p99Ms: percentile(h, 99), maxMs: r2(h.maxMs) };
  }
  return out;
}

/** Forgets every observation (benches read one phase at a time). */
export function resetStages(): void {
  table()?.clear();
}
