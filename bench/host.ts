// `npm run bench:host`: HTTP trigger throughput and latency of the local host on loopback.
// The world runs as a child process (as with `npm start`), the load generator here, so the two do
// not share an event loop. Bounded: a warm-up, then REQUESTS requests at CONCURRENCY in flight.
// Prints JSON lines; then the orchestration-throughput half, bench/durable.ts (BENCH_INSTANCES
// instances of BENCH_ACTIVITIES activities, default 1,000 x 10), in its own process.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { spawnLocal, type LocalProcess } from "../test/support/spawnLocal";

const INSTANCES = process.env.BENCH_INSTANCES ?? "1000";
const ACTIVITIES = process.env.BENCH_ACTIVITIES ?? "10";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const WARMUP = 500;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function load(url: string, headers: Record<string, string>, total: number): Promise<{ latencies: number[]; errors: number; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  async function worker(): Promise<void> {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      try {
        const res = await fetch(`${url}/${i % 1000}`, { headers });
        await res.arrayBuffer();
        if (res.status !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { latencies, errors, seconds: (performance.now() - started) / 1000 };
}

export async function benchHttp(world: LocalProcess): Promise<Record<string, unknown>> {
  const url = `${world.hostUrl}/api/items`;
  const headers = { "x-functions-key": world.functionKey };
  await load(url, headers, WARMUP);
  const { latencies, errors, seconds } = await load(url, headers, REQUESTS);
  latencies.sort((a, b) => a - b);
  return {
    bench: "host.http",
    route: "GET /api/items/{id:int} (authLevel function)",
    requests: REQUESTS,
    concurrency: CONCURRENCY,
    errors,
    seconds: Number(seconds.toFixed(2)),
    requestsPerSecond: Math.round(REQUESTS / seconds),
    p50Ms: Number(percentile(latencies, 50).toFixed(2)),
    p99Ms: Number(percentile(latencies, 99).toFixed(2)),
    maxMs: Number(latencies[latencies.length - 1]!.toFixed(2)),
  };
}

async function main(): Promise<void> {
  // Invocation log lines are off for the measurement; they cost a write per request.
  const world = await spawnLocal({ appEntry: "test/fixtures/apps/host/index.ts", env: { AILZ_LOG_LEVEL: "warn" } });
  try {
    console.log(JSON.stringify(await benchHttp(world)));
  } finally {
    await world.stop();
  }
  const durable = spawnSync(process.execPath, ["--import", "tsx", path.join(__dirname, "durable.ts"), INSTANCES, ACTIVITIES], { stdio: "inherit" });
  if (durable.status !== 0) process.exitCode = durable.status ?? 1;
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
