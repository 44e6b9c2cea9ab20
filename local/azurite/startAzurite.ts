// Azurite, the Azure Storage emulator, as a child process on the same Node 22 binary,
// with its data under <dataDir>/azurite, or in its memory only (`inMemory`).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { checkPortFree } from "./checkPortFree";
import { PARENT_WATCHDOG_IMPORT } from "./parentWatchdog";

export interface AzuritePorts {
  blob: number;
  queue: number;
  table: number;
}

export interface Azurite {
  ports: AzuritePorts;
  connectionString: string;
  location: string;
  pid: number;
  running(): boolean;
  stop(): Promise<void>;
}

export const DEFAULT_AZURITE_PORTS: AzuritePorts = { blob: 10000, queue: 10001, table: 10002 };
const ACCOUNT = "devstoreaccount1";
// The well-known development storage key, published in Azurite's and Azure's documentation.
const ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const HOST = "127.0.0.1";
const START_TIMEOUT_MS = 60_000;

/** @internal */
export function azuriteConnectionString(ports: AzuritePorts): string {
  return [
    "DefaultEndpointsProtocol=http",
    `AccountName=${ACCOUNT}`,
    `AccountKey=${ACCOUNT_KEY}`,
    `BlobEndpoint=http://${HOST}:${ports.blob}/${ACCOUNT}`,
    `QueueEndpoint=http://${HOST}:${ports.queue}/${ACCOUNT}`,
    `TableEndpoint=http://${HOST}:${ports.table}/${ACCOUNT};`,
  ].join(";");
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: HOST });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

export async function startAzurite(opts: { dataDir: string; ports?: Partial<AzuritePorts>; inMemory?: boolean; onLog?: (line: string) => void }): Promise<Azurite> {
  const ports: AzuritePorts = { ...DEFAULT_AZURITE_PORTS, ...opts.ports };
  for (const [role, port] of Object.entries(ports) as [keyof AzuritePorts, number][]) {
    await checkPortFree(port, `Azurite ${role}`, HOST);
  }
  const location = path.join(opts.dataDir, "azurite");
  fs.mkdirSync(location, { recursive: true });
  const bin = require.resolve("azurite/dist/src/azurite.js");
  const args = [
    "--import",
    PARENT_WATCHDOG_IMPORT,
    bin,
    // Azurite refuses a location with in-memory persistence; the folder stays its working directory.
    ...(opts.inMemory ? ["--inMemoryPersistence"] : ["--location", location]),
    "--blobHost",
    HOST,
    "--blobPort",
    String(ports.blob),
    "--queueHost",
    HOST,
    "--queuePort",
    String(ports.queue),
    "--tableHost",
    HOST,
    "--tablePort",
    String(ports.table),
    "--skipApiVersionCheck",
    "--loose",
    "--silent",
    "--disableTelemetry",
  ];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], cwd: location });
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const output: string[] = [];
  const exitPromise = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (!line.trim()) continue;
      output.push(line);
      if (output.length > 50) output.shift();
      opts.onLog?.(line);
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exited) throw new Error(`Azurite exited during start (code ${exited.code}, signal ${exited.signal}):\n${output.join("\n")}`);
    const up = await Promise.all([canConnect(ports.blob), canConnect(ports.queue), canConnect(ports.table)]);
    if (up.every(Boolean)) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`Azurite did not listen on ${Object.values(ports).join(", ")} within ${START_TIMEOUT_MS / 1000}s:\n${output.join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    ports,
    connectionString: azuriteConnectionString(ports),
    location,
    pid: child.pid!,
    running: () => !exited,
    async stop() {
      if (exited) return;
      child.kill("SIGTERM");
      const timeout = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exitPromise;
      clearTimeout(timeout);
    },
  };
}
