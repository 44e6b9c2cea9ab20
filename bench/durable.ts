// Orchestration throughput of the local durable backend: N instances x M sequential
// activities through durable-functions' replay engine, persisted in Azurite tables.
// Prints JSON lines; bounded by AILZ_BENCH_TIMEOUT_S (default 600 s).
//   node --import tsx bench/durable.ts [instances=1000] [activities=10]
import "../test/local/durable/support/captureFunctions";
import fs from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import * as df from "durable-functions";
import { startAzurite } from "../local/azurite/startAzurite";
import { createDurableBackend } from "../local/durable/createDurableBackend";
import { freePort } from "../test/local/durable/support/freePort";
import { testInvoker } from "../test/local/durable/support/testInvoker";

const instances = Number(process.argv[2] ?? 1000);
const activities = Number(process.argv[3] ?? 10);
const timeoutMs = Number(process.env.AILZ_BENCH_TIMEOUT_S ?? 600) * 1000;
if (!(instances > 0) || !(activities > 0)) throw new Error("usage: bench/durable.ts [instances>0] [activities>0]");

df.app.activity("benchStep", { handler: (n: number) => n + 1 });
df.app.orchestration("benchChain", function* (context) {
  let n = 0;
  for (let i = 0; i < activities; i++) n = yield context.df.callActivity("benchStep", n);
  return n;
});

function line(o: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ bench: "durable", ...o })}\n`);
}

async function main(): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "ailz-bench-durable-"));
  const azurite = await startAzurite({ dataDir, ports: { blob: await freePort(), queue: await freePort(), table: await freePort() } });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  let backend: ReturnType<typeof createDurableBackend> | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => void backend?.handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    backend = createDurableBackend({
      invoker: testInvoker(),
      storageConnectionString: azurite.connectionString,
      taskHub: "bench",
      hostBaseUrl: baseUrl,
      functionKey: "bench",
      log: (level, msg) => (level === "error" ? process.stderr.write(`${msg}\n`) : undefined),
    });
    await backend.start();
    const started = Date.now();
    const api = `${baseUrl}/runtime/webhooks/durabletask`;
    for (let i = 0; i < instances; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, instances - i) }, (_, k) =>
          fetch(`${api}/orchestrators/benchChain/bench-${i + k}`, { method: "POST" }).then((r) => {
            if (r.status !== 202) throw new Error(`start returned ${r.status}`);
          }),
        ),
      );
    }
    const startSeconds = (Date.now() - started) / 1000;
    let completed = 0;
    while (Date.now() - started < timeoutMs) {
      const expected = instances * activities;
      const ran = backend.activityInvocations().get("benchStep") ?? 0;
      if (ran >= expected) {
        const res = await fetch(`${api}/instances?runtimeStatus=Completed&top=${instances}`);
        completed = ((await res.json()) as unknown[]).length;
        if (completed >= instances) break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (Date.now() - started) / 1000;
    line({
      instances,
      activitiesPerInstance: activities,
      completed,
      timedOut: completed < instances,
      startSeconds: round(startSeconds),
      seconds: round(seconds),
      instancesPerSecond: round(completed / seconds),
      activitiesPerSecond: round((backend.activityInvocations().get("benchStep") ?? 0) / seconds),
      peakRssMb: round(peakRss / 1048576),
      note: "RSS of the host process (backend + replay engine); Azurite runs as a child process",
    });
  } finally {
    clearInterval(sampler);
    await backend?.stop();
    await new Promise<void>((r) => server.close(() => r()));
    await azurite.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
