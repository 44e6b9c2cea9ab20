// `node --import tsx bench/bundle.ts`: builds the deployable package (scripts/build.ts) into a temp
// folder and measures, in fresh processes, how long loading dist/main.js and registering every
// function through the local host's @azure/functions-core capture takes (cold start's share that
// is ours). Prints one JSON line. `--capture <entry>` is the child mode: load one app entry through
// the host capture and print its registrations as JSON (test/infra/bundle.test.ts uses it too).
// A built entry (.js) is captured by this file bundled to plain JavaScript and run by plain
// `node`, so main.js loads as the Functions worker loads it: Node's own require, no tsx hooks
// (which lex every .js file for ESM syntax) and no source maps (tsx turns them on; the worker
// does not). The figure under `node --import tsx` is printed beside it for comparison.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { loadApp } from "../local/host/loadApp";
import { getHooks, workerState } from "../local/host/workerState";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "..");
const NODE = process.execPath;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

/** What a registration amounts to for the host: trigger, route and methods, schedule, other bindings. */
export interface RegistrationSummary {
  name: string;
  trigger: string;
  route?: string;
  methods?: string[];
  authLevel?: string;
  schedule?: string;
  bindings: string[];
}

export interface Capture {
  entry: string;
  ms: number;
  functions: RegistrationSummary[];
  /** Files of the entry's own folder that registration loaded (for the package: main.js, not sdk.js). */
  folderFilesLoaded: string[];
  /** How the child loaded the entry: plain Node, or Node under tsx's hooks. */
  loader: "node" | "tsx";
  /**
   * With `--terminate`: how long the app's appTerminate hooks took right after start-up. With
   * Application Insights configured that is the telemetry SDK load start-up no longer waits for
   * (the shutdown forces it, then flushes), and the files it loaded.
   */
  terminate?: { ms: number; folderFilesLoaded: string[] };
}

function filesLoadedFrom(entry: string): string[] {
  const folder = path.dirname(path.resolve(entry));
  return Object.keys(require.cache)
    .filter((f) => path.dirname(f) === folder)
    .map((f) => path.basename(f))
    .sort();
}

async function terminate(entry: string): Promise<NonNullable<Capture["terminate"]>> {
  const started = performance.now();
  for (const hook of getHooks("appTerminate")) await hook({ hookData: {}, appHookData: workerState.appHookData });
  return { ms: performance.now() - started, folderFilesLoaded: filesLoadedFrom(entry) };
}

export async function captureRegistrations(entry: string): Promise<Capture> {
  const started = performance.now();
  const app = await loadApp(entry);
  const ms = performance.now() - started;
  const functions: RegistrationSummary[] = [];
  for (const fn of app.functions.values()) {
    const bindings = Object.values(fn.metadata.bindings) as Record<string, unknown>[];
    const trigger = bindings.find((b) => b.direction === "in" && typeof b.type === "string" && /trigger$/i.test(b.type));
    if (!trigger) throw new Error(`${fn.metadata.name}: no trigger binding`);
    const str = (v: unknown) => (typeof v === "string" ? v : undefined);
    functions.push({
      name: fn.metadata.name,
      trigger: String(trigger.type),
      route: str(trigger.route),
      methods: Array.isArray(trigger.methods) ? (trigger.methods as string[]).map((m) => m.toUpperCase()).sort() : undefined,
      authLevel: str(trigger.authLevel),
      schedule: str(trigger.schedule),
      bindings: bindings.filter((b) => b !== trigger).map((b) => `${String(b.direction)}:${String(b.type)}`).sort(),
    });
  }
  functions.sort((a, b) => a.name.localeCompare(b.name));
  const folderFilesLoaded = filesLoadedFrom(entry);
  return { entry: path.resolve(entry), ms, functions, folderFilesLoaded, loader: require.extensions[".ts"] ? "tsx" : "node" };
}

let harness: Promise<string> | undefined;
/** This file as one plain CommonJS file (the host capture has no dependencies but Node's), in a temp folder of its own. */
function plainHarness(): Promise<string> {
  return (harness ??= (async () => {
    const { build } = await import("esbuild");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-capture-"));
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    const outfile = path.join(dir, "capture.cjs");
    await build({ entryPoints: [path.join(ROOT, "bench", "bundle.ts")], outfile, bundle: true, platform: "node", format: "cjs", target: "node22", external: ["tsx", "esbuild"], logLevel: "error" });
    return outfile;
  })());
}

/**
 * Runs `--capture` in a fresh Node process (its own module cache and worker state): a TypeScript
 * entry under tsx, a built one under plain Node unless `loader` says "tsx".
 */
export async function captureInChild(entry: string, env: NodeJS.ProcessEnv = process.env, loader: "node" | "tsx" = /\.ts$/.test(entry) ? "tsx" : "node", opts: { terminate?: boolean } = {}): Promise<Capture> {
  const args = loader === "tsx" ? ["--import", "tsx", path.join(ROOT, "bench", "bundle.ts")] : [await plainHarness()];
  const { stdout } = await run(NODE, [...args, "--capture", entry, ...(opts.terminate ? ["--terminate"] : [])], {
    cwd: ROOT,
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = stdout.trim().split("\n").reverse().find((l) => l.startsWith("AILZ_CAPTURE "));
  if (!line) throw new Error(`no capture from ${entry}:\n${stdout.slice(-2000)}`);
  return JSON.parse(line.slice("AILZ_CAPTURE ".length)) as Capture;
}

/** Builds the package with the same script `npm run build` runs, into outDir. */
type Built = { files: string[]; bundleBytes: number; sdkBytes: number; telemetrySdkBytes: number; deferredBytes: Record<string, number> };
export async function buildInto(outDir: string): Promise<Built> {
  const { stdout } = await run(NODE, ["--import", "tsx", path.join(ROOT, "scripts", "build.ts"), "--outdir", outDir], { cwd: ROOT });
  return JSON.parse(stdout.trim().split("\n").pop()!) as Built;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 10) / 10;

async function bench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-bundle-"));
  try {
    const t0 = performance.now();
    const built = await buildInto(dir);
    const buildMs = performance.now() - t0;
    // The policy path the app reads at start-up is the package's own guardrails.yaml.
    const env: NodeJS.ProcessEnv = { ...process.env, AILZ_POLICY_PATH: path.join(dir, "guardrails.yaml") };
    delete env.APPLICATIONINSIGHTS_CONNECTION_STRING;
    // As in Azure (infra/app/api.bicep): Application Insights configured, with Entra auth. The
    // appStart hook then loads the OpenTelemetry SDK and the exporter before start-up is over;
    // nothing is sent (the capture ends first; statsbeat is off so nothing calls out).
    const withInsights: NodeJS.ProcessEnv = {
      ...env,
      APPLICATIONINSIGHTS_CONNECTION_STRING: "InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=https://127.0.0.1:9/",
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: "ClientId=00000000-0000-4000-8000-000000000001;Authorization=AAD",
      APPLICATIONINSIGHTS_STATSBEAT_DISABLED: "true",
    };
    const bundleMs: number[] = [];
    const insightsMs: number[] = [];
    let insightsLoaded: string[] = [];
    const telemetryLaterMs: number[] = [];
    let telemetryLaterLoaded: string[] = [];
    const underTsxMs: number[] = [];
    let functions = 0;
    let loadedAtRegistration: string[] = [];
    const loadAverageBefore = os.loadavg();
    // Interleaved, so both loaders see the same machine.
    for (let i = 0; i < RUNS; i++) {
      const c = await captureInChild(path.join(dir, "main.js"), env, "node");
      if (c.loader !== "node") throw new Error(`the package was captured under ${c.loader}, not plain node`);
      bundleMs.push(c.ms);
      functions = c.functions.length;
      loadedAtRegistration = c.folderFilesLoaded;
      const ai = await captureInChild(path.join(dir, "main.js"), withInsights, "node", { terminate: true });
      insightsMs.push(ai.ms);
      insightsLoaded = ai.folderFilesLoaded;
      telemetryLaterMs.push(ai.terminate!.ms);
      telemetryLaterLoaded = ai.terminate!.folderFilesLoaded;
      underTsxMs.push((await captureInChild(path.join(dir, "main.js"), env, "tsx")).ms);
    }
    const source = await captureInChild(path.join(ROOT, "functions", "index.ts"), env);
    console.log(
      JSON.stringify({
        bench: "bundle",
        runs: RUNS,
        functions,
        bundleBytes: built.bundleBytes,
        sdkBytes: built.sdkBytes,
        telemetrySdkBytes: built.telemetrySdkBytes,
        buildMs: round(buildMs),
        deferredBytes: built.deferredBytes,
        // Loaded by plain node, as the Functions worker requires main.js.
        loadRegisterMs: { min: round(Math.min(...bundleMs)), median: round(median(bundleMs)), max: round(Math.max(...bundleMs)) },
        // The same with Application Insights configured, as every Azure deployment is (the files
        // start-up loaded: insightsLoaded). The telemetry SDK waits for the first invocation to end.
        withAppInsightsMs: { min: round(Math.min(...insightsMs)), median: round(median(insightsMs)), max: round(Math.max(...insightsMs)) },
        insightsLoaded,
        // That deferred cost, paid after the first invocation (here forced by appTerminate's
        // flush, right after start-up): sdk-telemetry.js compiled, the exporters built, shut down.
        telemetryLoadAfterFirstInvocationMs: { min: round(Math.min(...telemetryLaterMs)), median: round(median(telemetryLaterMs)), max: round(Math.max(...telemetryLaterMs)) },
        telemetryLoaded: telemetryLaterLoaded,
        // The same package under `node --import tsx` (tsx lexes main.js and turns source maps on): not what Azure runs.
        loadRegisterMsUnderTsx: { min: round(Math.min(...underTsxMs)), median: round(median(underTsxMs)), max: round(Math.max(...underTsxMs)) },
        sourceLoadRegisterMs: round(source.ms),
        underOneSecond: Math.max(...bundleMs) < 1000,
        // Which package files registration evaluated: sdk.js must not be among them.
        loadedAtRegistration,
        // 1/5/15-minute load averages and CPUs: other sessions share this machine.
        loadAverage: { before: loadAverageBefore.map(round), after: os.loadavg().map(round), cpus: os.cpus().length },
      }),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const main = args[0] === "--capture"
    ? (async () => {
        if (!args[1]) throw new Error("--capture needs an app entry");
        const c = await captureRegistrations(args[1]);
        if (args[2] === "--terminate") c.terminate = await terminate(args[1]);
        process.stdout.write(`\nAILZ_CAPTURE ${JSON.stringify(c)}\n`);
        // App modules may hold timers or sockets open (clients, SDKs); the capture is all we need.
        process.exit(0);
      })()
    : bench();
  main.catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack ?? err.message : err);
    process.exit(1);
  });
}
