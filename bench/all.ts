// `npm run bench`: every bench, one after another, each in its own Node process, at moderate sizes
// (a full run of the 10k/1M sweep or 10,000 events takes many minutes on a shared machine).
// Prints only JSON lines: each bench's own lines as they come (tagged with `suite`), then one
// `{"bench":"all"}` line per bench with its exit code, wall time and the load average around it,
// since absolute figures mean little without the machine's load. A bench's other output goes to
// stderr. `BENCH_ALL_FULL=1` runs each bench at its own defaults; `BENCH_ONLY=events,bundle` runs a
// subset; any BENCH_* setting in the environment wins over the moderate sizes here.
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";

interface Suite {
  name: string;
  script: string;
  /** Moderate sizes; an explicit environment setting wins. */
  moderate: Record<string, string>;
  /** Moderate sizes of a bench that takes command-line flags. */
  args?: string[];
}

const SUITES: Suite[] = [
  { name: "bundle", script: "bundle.ts", moderate: { BENCH_RUNS: "5" } },
  { name: "events", script: "events.ts", moderate: { BENCH_EVENTS: "2000", BENCH_LATENCY_EVENTS: "200", BENCH_WARMUP_EVENTS: "1000" } },
  { name: "sweep", script: "sweep.ts", moderate: { BENCH_SUBSCRIPTIONS: "500", BENCH_RESOURCES: "50000" } },
  { name: "emulator", script: "emulator.ts", moderate: {}, args: ["--resources", "100000", "--subscriptions", "200"] },
  // host.ts runs durable.ts (orchestration throughput) in its own process after the HTTP half.
  { name: "host", script: "host.ts", moderate: { BENCH_INSTANCES: "200", BENCH_REQUESTS: "5000" } },
  { name: "vending", script: "vending.ts", moderate: { BENCH_VENDS: "10" } },
  { name: "chaos", script: "chaos.ts", moderate: { BENCH_CHAOS_EVENTS: "100", BENCH_CHAOS_VENDS: "3" } },
];

const round = (x: number) => Math.round(x * 100) / 100;
const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);

function envFor(suite: Suite): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (process.env.BENCH_ALL_FULL === "1") return env;
  for (const [k, v] of Object.entries(suite.moderate)) if (env[k] === undefined) env[k] = v;
  return env;
}

function runSuite(suite: Suite): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, suite.script), ...(process.env.BENCH_ALL_FULL === "1" ? [] : (suite.args ?? []))], {
      cwd: path.resolve(__dirname, ".."),
      env: envFor(suite),
      stdio: ["ignore", "pipe", "pipe"],
    });
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
      const trimmed = line.trim();
      if (trimmed.startsWith("{")) {
        try {
          print({ suite: suite.name, ...(JSON.parse(trimmed) as Record<string, unknown>) });
          return;
        } catch {
          // not JSON after all: falls through to stderr
        }
      }
      if (trimmed) process.stderr.write(`[${suite.name}] ${line}\n`);
    });
    child.stderr!.on("data", (chunk: Buffer) => process.stderr.write(chunk));
    child.on("error", (err) => {
      process.stderr.write(`[${suite.name}] ${err.message}\n`);
      resolve(1);
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((n) => !SUITES.some((s) => s.name === n)) ?? [];
  if (unknown.length) throw new Error(`BENCH_ONLY: unknown bench ${unknown.join(", ")} (known: ${SUITES.map((s) => s.name).join(", ")})`);
  const suites = only ? SUITES.filter((s) => only.includes(s.name)) : SUITES;
  let failed = 0;
  for (const suite of suites) {
    const before = os.loadavg();
    const started = performance.now();
    const code = await runSuite(suite);
    if (code !== 0) failed++;
    print({
      bench: "all",
      suite: suite.name,
      exitCode: code,
      seconds: round((performance.now() - started) / 1000),
      sizes: process.env.BENCH_ALL_FULL === "1" ? "defaults" : "moderate",
      loadAverage: { before: before.map(round), after: os.loadavg().map(round), cpus: os.cpus().length },
    });
  }
  if (failed) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
