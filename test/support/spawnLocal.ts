// Starts the local world (`local/start.ts`: Azurite, emulator, durable backend, host) as a child
// process on Node 22 + tsx, with free ports and a temp data dir, and waits for /api/health.
// kill() and restart() let tests crash the host mid-work and bring it back on the same data.
// Everything it reports comes from what it chose itself (ports, data dir, key) or from the data
// dir, never from parsing the child's output, which carries no secret but the banner's key.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { checkPortFree } from "../../local/azurite/checkPortFree";
import { azuriteConnectionString } from "../../local/azurite/startAzurite";
import { freePorts } from "./freePort";

const REPO_ROOT = path.resolve(__dirname, "../..");
const READY_TIMEOUT_MS = 120_000;

export interface SpawnLocalOptions {
  /** App entry relative to the repo root or absolute; default functions/index.ts. */
  appEntry?: string;
  /** false (default): no ARM emulator; true: the emulator with its default estate; string: estate file. */
  estate?: boolean | string;
  /** Reuse a data dir (default: a fresh temp dir, removed by stop()). */
  dataDir?: string;
  /** Default: a random key passed as AILZ_FUNCTION_KEY; null lets the host generate and persist one. */
  functionKey?: string | null;
  env?: Record<string, string>;
  /** Extra Node flags for the world's process (benches: `--cpu-prof --cpu-prof-dir=<dir>`). */
  nodeArgs?: string[];
  /** Echo the child's output to this process's stderr (default false; output() always has it). */
  echo?: boolean;
}

export interface LocalProcess {
  hostUrl: string;
  emulatorUrl?: string;
  functionKey: string;
  /** Derived from the Azurite ports (the public development account); the world never prints it. */
  storageConnectionString: string;
  dataDir: string;
  ports: { host: number; emulator: number; blob: number; queue: number; table: number; sink: number };
  /** The local notification sink (GET <sinkUrl>/messages). */
  sinkUrl: string;
  pid(): number | undefined;
  /** Send a signal (default SIGKILL: a crash) and wait for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Start again on the same ports and data dir (kills first if still running) and wait until healthy. */
  restart(): Promise<void>;
  /** Graceful stop (SIGTERM), then remove a temp data dir this launcher created. */
  stop(): Promise<void>;
  output(): string;
}

export async function spawnLocal(opts: SpawnLocalOptions = {}): Promise<LocalProcess> {
  const ownsDataDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "ailz-local-"));
  const [host, emulator, blob, queue, table, sink] = (await freePorts(6)) as [number, number, number, number, number, number];
  const ports = { host, emulator, blob, queue, table, sink };
  const functionKey = opts.functionKey === null ? undefined : (opts.functionKey ?? randomBytes(24).toString("base64url"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AILZ_HOST_PORT: String(host),
    AILZ_EMULATOR_PORT: String(emulator),
    AILZ_SINK_PORT: String(sink),
    AILZ_AZURITE_BLOB_PORT: String(blob),
    AILZ_AZURITE_QUEUE_PORT: String(queue),
    AILZ_AZURITE_TABLE_PORT: String(table),
    AILZ_DATA_DIR: dataDir,
    AILZ_APP_ENTRY: path.resolve(REPO_ROOT, opts.appEntry ?? "functions/index.ts"),
    AILZ_EXIT_WITH_PARENT: "1",
    // Suites judge the subscription topic's events (callers named by their claims) unless they ask
    // for another family; `npm start` wires both (test/functions/eventFamilies.e2e.test.ts).
    AILZ_EVENT_FAMILIES: "resources",
    ...opts.env,
  };
  if (functionKey) env.AILZ_FUNCTION_KEY = functionKey;
  else delete env.AILZ_FUNCTION_KEY;
  if (opts.estate === false || opts.estate === undefined) env.AILZ_ESTATE = "false";
  else if (typeof opts.estate === "string") env.AILZ_ESTATE = path.resolve(REPO_ROOT, opts.estate);
  else delete env.AILZ_ESTATE;

  const hostUrl = `http://127.0.0.1:${host}`;
  let child: ChildProcess | undefined;
  let exitPromise: Promise<void> = Promise.resolve();
  let log = "";

  /** The key the world uses: ours, or the one it generated and saved in the data dir. */
  function keyInUse(): string {
    if (functionKey) return functionKey;
    return (JSON.parse(fs.readFileSync(path.join(dataDir, "host-keys.json"), "utf8")) as { functionKey: string }).functionKey;
  }

  async function launch(): Promise<void> {
    let exited: string | undefined;
    const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), "--import", "tsx", path.join(REPO_ROOT, "local/start.ts")], {
      cwd: REPO_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    exitPromise = new Promise((resolve) =>
      proc.once("exit", (code, signal) => {
        exited = `exit code ${code}, signal ${signal}`;
        resolve();
      }),
    );
    const onData = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      log += text;
      if (log.length > 1_000_000) log = log.slice(-500_000);
      if (opts.echo) process.stderr.write(text);
    };
    proc.stdout!.on("data", onData);
    proc.stderr!.on("data", onData);

    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (exited) throw new Error(`local world exited before it was ready (${exited}):\n${log.slice(-4000)}`);
      // 200 only once start-up is over (the estate's events wired included).
      const res = await fetch(`${hostUrl}/api/health`).catch(() => undefined);
      await res?.arrayBuffer().catch(() => undefined);
      if (res?.status === 200) return;
      if (Date.now() > deadline) {
        proc.kill("SIGKILL");
        throw new Error(`local world not healthy within ${READY_TIMEOUT_MS / 1000}s:\n${log.slice(-4000)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill(signal);
    await exitPromise;
  }

  /** After a crash Azurite shuts itself down (its watchdog); wait for its ports before reusing them. */
  async function waitForPortsFree(): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (const [role, port] of Object.entries(ports)) {
      for (;;) {
        try {
          await checkPortFree(port, role);
          break;
        } catch (err) {
          if (Date.now() > deadline) throw err;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    }
  }

  await launch();
  const world: LocalProcess = {
    hostUrl,
    emulatorUrl: env.AILZ_ESTATE === "false" ? undefined : `http://127.0.0.1:${emulator}`,
    sinkUrl: `http://127.0.0.1:${sink}`,
    functionKey: keyInUse(),
    storageConnectionString: azuriteConnectionString({ blob, queue, table }),
    dataDir,
    ports,
    pid: () => child?.pid,
    kill,
    async restart() {
      await kill("SIGKILL");
      await waitForPortsFree();
      await launch();
    },
    async stop() {
      await kill("SIGTERM");
      if (ownsDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
    output: () => log,
  };
  return world;
}
