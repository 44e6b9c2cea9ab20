// `npm run bench:vending`: subscription vending against the ARM emulator with alias, provider and
// principal delays at 0, so what is measured is ailz (host + durable backend + adapters + store),
// not Azure's waiting. The world runs as a child process; this process submits VENDS requests
// (corp/online/sandbox in turn) with CONCURRENCY in flight and waits for each to finish.
// Prints JSON lines: throughput, ARM calls per vend by operation (emulator counters), p50/p95 of
// orchestration time (request created -> Completed). Bounded by VENDS and a deadline.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnLocal } from "../test/support/spawnLocal";
import { requestBody, vendingEstate, writeTestPolicy } from "../test/orchestrations/vending/vendingWorld";
import { appToken, demoAppClaims } from "../local/demo/demoAppRoles";

const VENDS = Number(process.env.BENCH_VENDS ?? 30);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_MS ?? 300_000);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? null;
const line = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify({ bench: "vending", ...o }) + "\n");

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-bench-vending-"));
  const estate = { ...vendingEstate(), settings: { aliasDelayMs: 0, providerRegistrationDelayMs: 0, principalPropagationDelayMs: 0 } };
  // Quota big enough that every corp vend allocates (the quota path is part of what is measured).
  estate.quotaGroups[0]!.limits[0]!.limit = 100_000;
  const estateFile = path.join(dir, "estate.json");
  fs.writeFileSync(estateFile, JSON.stringify(estate));
  const world = await spawnLocal({
    appEntry: "functions/vendingApp.ts",
    estate: estateFile,
    env: { AILZ_POLICY_PATH: writeTestPolicy(dir), AILZ_VENDING_PROVIDER_POLL_MS: "200", AILZ_VENDING_RETRY_FIRST_MS: "200" },
  });
  try {
    // The workload pipeline signs in (the local host plays Easy Auth) and polls its own requests.
    const headers = { "x-functions-key": world.functionKey, "content-type": "application/json", authorization: `Bearer ${appToken(demoAppClaims("pipeline"))}` };
    await fetch(`${world.emulatorUrl}/_emulator/counters`, { method: "DELETE" });
    const archetypes = ["corp", "online", "sandbox"] as const;
    const outcomes: Record<string, number> = {};
    const durations: number[] = [];
    let next = 0;
    const started = performance.now();
    const deadline = Date.now() + DEADLINE_MS;
    async function worker(): Promise<void> {
      while (next < VENDS && Date.now() < deadline) {
        const i = next++;
        const a = archetypes[i % 3]!;
        const body = requestBody(a, { workloadName: `bench-${a}-${i}`, ...(a === "online" ? { regions: { primary: "westeurope" }, gpuQuota: [] } : {}), network: { size: 26 } });
        const res = await fetch(`${world.hostUrl}/api/vending/requests`, { method: "POST", headers: { ...headers, "idempotency-key": `bench-${process.pid}-${i}` }, body: JSON.stringify(body) });
        const { id } = (await res.json()) as { id: string };
        for (;;) {
          const s = (await (await fetch(`${world.hostUrl}/api/vending/requests/${id}`, { headers })).json()) as { status: string; createdAt: string; completedAt?: string };
          if (["Completed", "Failed", "Rejected", "Cancelled", "Expired"].includes(s.status)) {
            outcomes[s.status] = (outcomes[s.status] ?? 0) + 1;
            if (s.completedAt) durations.push(Date.parse(s.completedAt) - Date.parse(s.createdAt));
            break;
          }
          if (Date.now() > deadline) {
            outcomes.timedOut = (outcomes.timedOut ?? 0) + 1;
            break;
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;
    const completed = outcomes.Completed ?? 0;
    line({ metric: "throughput", vends: VENDS, concurrency: CONCURRENCY, completed, outcomes, seconds: Number(seconds.toFixed(1)), vendsPerMinute: Number(((completed / seconds) * 60).toFixed(1)) });
    const counters = (await (await fetch(`${world.emulatorUrl}/_emulator/counters`)).json()) as Record<string, number>;
    const perVend = Object.fromEntries(Object.entries(counters).sort((x, y) => y[1] - x[1]).map(([op, n]) => [op, Number((n / Math.max(1, completed)).toFixed(2))]));
    const total = Object.values(counters).reduce((x, y) => x + y, 0);
    line({ metric: "armCallsPerVend", total: Number((total / Math.max(1, completed)).toFixed(1)), byOperation: perVend });
    durations.sort((x, y) => x - y);
    line({ metric: "orchestrationTimeMs", count: durations.length, p50: percentile(durations, 50), p95: percentile(durations, 95), max: durations.at(-1) ?? null });
  } finally {
    await world.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`bench:vending failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
