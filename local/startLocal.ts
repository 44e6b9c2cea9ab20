// Starts the whole local world in this process (Azurite as a child process): storage, the ARM
// estate emulator, the durable backend and the Functions host running the app's own
// registration code. `npm start` is local/start.ts calling this with the defaults.
import fs from "node:fs";
import path from "node:path";
import * as clock from "./clock";
import { checkPortFree } from "./azurite/checkPortFree";
import { DEFAULT_AZURITE_PORTS, startAzurite, type Azurite, type AzuritePorts } from "./azurite/startAzurite";
import { applyLocalSettings, applySettings } from "./host/applyLocalSettings";
import type { CreateDurableBackend, DurableBackend, DurableLog as Log } from "./durable/types";
import { resolveFunctionKey } from "./host/functionKey";
import { createConsoleLog } from "./host/logger";
import { findAppRoot, readHostJson } from "./host/readHostJson";
import { startHost, type Host } from "./host/startHost";
import { startSink, type Sink } from "./sink/startSink";

export interface StartLocalOptions {
  /** Default functions/index.ts. */
  appEntry?: string;
  /** Default 7071; 0 = a free port. */
  hostPort?: number;
  /** Default 7072; 0 = a free port. */
  emulatorPort?: number;
  /** Local notification sink; default 7073, 0 = a free port. */
  sinkPort?: number;
  /** Default 10000-10002. */
  azuritePorts?: AzuritePorts;
  /** Default .ailz in the working directory. */
  dataDir?: string;
  /**
   * Estate JSON or a path to one; "demo" (the default) = the Contoso demo estate built for the
   * current clock, with 45 days of ailz history seeded into storage; false = no ARM emulator.
   * An estate already persisted in the data folder wins, so a restart keeps its state.
   */
  estate?: object | string | false;
  /** App settings; they become environment variables (and win over local.settings.json). */
  settings?: Record<string, string>;
  functionKey?: string;
  /** Default <app root>/local.settings.json. */
  localSettingsPath?: string;
  log?: Log;
}

export interface LocalWorld {
  hostUrl: string;
  emulatorUrl?: string;
  /** Where every notification channel delivers locally; GET <sinkUrl>/messages lists them. */
  sinkUrl: string;
  functionKey: string;
  functionKeySource: "env" | "option" | "file" | "generated";
  storageConnectionString: string;
  dataDir: string;
  host: Host;
  stop(): Promise<void>;
}

interface RunningEmulator {
  url: string;
  close(): Promise<void>;
}
type StartEmulator = (opts: { port?: number; host?: string; dataDir?: string; estate?: object | string; eventsEnabled?: boolean }) => Promise<RunningEmulator>;

/**
 * Import a sibling module if its file exists: the emulator and durable backend are optional parts
 * of the world. The import itself stays a literal `import()` at the call site so the module shares
 * this process's module instances (one clock).
 */
async function importIfPresent<T>(relative: string, exportName: string, load: () => Promise<unknown>, log: Log): Promise<T | undefined> {
  const base = path.join(__dirname, relative);
  if (![".ts", ".js"].some((ext) => fs.existsSync(base + ext))) {
    log("warn", `${relative} is not present; starting without it`);
    return undefined;
  }
  const mod = (await load()) as Record<string, unknown>;
  const fn = mod[exportName];
  if (typeof fn !== "function") throw new Error(`${relative} does not export ${exportName}`);
  return fn as T;
}

export async function startLocal(opts: StartLocalOptions = {}): Promise<LocalWorld> {
  const log = opts.log ?? createConsoleLog();
  const appEntry = path.resolve(opts.appEntry ?? "functions/index.ts");
  const dataDir = path.resolve(opts.dataDir ?? ".ailz");
  const hostPort = opts.hostPort ?? 7071;
  const emulatorPort = opts.emulatorPort ?? 7072;
  const azuritePorts = opts.azuritePorts ?? DEFAULT_AZURITE_PORTS;
  fs.mkdirSync(dataDir, { recursive: true });

  // Every port is checked before anything starts, so a clash fails fast and names the port.
  if (hostPort !== 0) await checkPortFree(hostPort, "Functions host");
  if (opts.estate !== false && emulatorPort !== 0) await checkPortFree(emulatorPort, "ARM emulator");
  const sinkPort = opts.sinkPort ?? 7073;
  if (sinkPort !== 0) await checkPortFree(sinkPort, "notification sink");

  clock.install();
  const appRoot = findAppRoot(appEntry);
  applyLocalSettings(opts.localSettingsPath ?? path.join(appRoot, "local.settings.json"));
  if (opts.settings) applySettings(opts.settings);
  const key = resolveFunctionKey(dataDir, opts.functionKey);

  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const c of cleanups.splice(0).reverse()) {
      try {
        await c();
      } catch (err) {
        log("warn", `stop: ${String(err)}`);
      }
    }
  };

  try {
    const azurite: Azurite = await startAzurite({ dataDir, ports: azuritePorts, onLog: (l) => log("debug", `[azurite] ${l}`) });
    cleanups.push(() => azurite.stop());
    process.env.AzureWebJobsStorage = azurite.connectionString;
    process.env.AILZ_LOCAL = "1";

    // Notification channels point at the local sink unless the user configured real ones.
    const sink: Sink = await startSink({ port: sinkPort, host: "127.0.0.1" });
    cleanups.push(() => sink.close());
    process.env.AILZ_WEBHOOK_URL ??= sink.urls.webhook;
    process.env.AILZ_TEAMS_URL ??= sink.urls.teams;
    process.env.AILZ_ACS_ENDPOINT ??= sink.urls.acsEndpoint;
    process.env.AILZ_FINDINGS_TOPIC_ENDPOINT ??= sink.urls.eventGridEndpoint;

    let emulator: RunningEmulator | undefined;
    if (opts.estate !== false) {
      const startEmulator = await importIfPresent<StartEmulator>("arm/startEmulator", "startEmulator", () => import("./arm/startEmulator"), log);
      if (startEmulator) {
        const demo = opts.estate === undefined || opts.estate === "demo";
        const estate = demo ? (await import("./demo/buildDemoEstate")).buildDemoEstate(clock.nowDate()) : opts.estate;
        emulator = await startEmulator({ port: emulatorPort, host: "127.0.0.1", dataDir: path.join(dataDir, "arm"), estate, eventsEnabled: true });
        cleanups.push(() => emulator!.close());
        process.env.AILZ_ARM_ENDPOINT = emulator.url;
        if (demo) {
          // ailz's own records of the last 45 days (quota samples, sandbox activity), as if it had been running.
          const [{ seedDemoHistory }, { createStoresFromEnv }] = await Promise.all([import("./demo/seedHistory"), import("../shared/store/createStores")]);
          const seeded = await seedDemoHistory(createStoresFromEnv(process.env), clock.nowDate());
          if (seeded.quotaSamples + seeded.sandboxActivities > 0) log("info", `demo history seeded: ${seeded.quotaSamples} quota samples, ${seeded.sandboxActivities} sandbox activities`);
        }
      }
    }

    const hostSettings = readHostJson(appRoot);
    const createDurableBackend = await importIfPresent<CreateDurableBackend>(
      "durable/createDurableBackend",
      "createDurableBackend",
      () => import("./durable/createDurableBackend"),
      log,
    );
    const host = await startHost({
      appEntry,
      dataDir,
      functionKey: key.key,
      port: hostPort,
      log,
      expectDurable: createDurableBackend !== undefined,
      components: () => ({
        storage: { ready: azurite.running(), detail: `Azurite on ${Object.values(azurite.ports).join(", ")}` },
        ...(emulator ? { emulator: { ready: true, detail: emulator.url } } : {}),
        notifications: { ready: true, detail: `local sink at ${sink.url}` },
      }),
      urls: () => ({ health: `${host.url}/api/health`, storage: azurite.connectionString.match(/TableEndpoint=([^;]+)/)?.[1] ?? "", sink: `${sink.url}/messages`, ...(emulator ? { emulator: emulator.url } : {}) }),
    });
    cleanups.push(() => host.close());
    // Before the durable backend resumes anything: where vending points new subscriptions'
    // events and budget alerts (in Azure: app settings).
    process.env.AILZ_EVENTS_ENDPOINT ??= `${host.url}/runtime/webhooks/EventGrid?functionName=resourceEvents&code=${encodeURIComponent(key.key)}`;
    process.env.AILZ_BUDGET_WEBHOOK_URL ??= `${host.url}/api/budget-alerts?code=${encodeURIComponent(key.key)}`;


    if (createDurableBackend) {
      const backend: DurableBackend = (createDurableBackend as (o: Parameters<CreateDurableBackend>[0] & Record<string, unknown>) => DurableBackend)({
        invoker: host.invoker,
        storageConnectionString: azurite.connectionString,
        taskHub: hostSettings.taskHub,
        hostBaseUrl: host.url,
        functionKey: key.key,
        log,
        maxConcurrentActivities: hostSettings.maxConcurrentActivities,
        maxConcurrentOrchestrations: hostSettings.maxConcurrentOrchestrations,
      });
      host.attachDurable(backend);
      await backend.start();
      // Stop the backend after the host stops taking requests (cleanups run in reverse).
      cleanups.splice(cleanups.length - 1, 0, () => backend.stop());
    }
    await host.run();

    // Resource events from the emulated estate reach `resourceEvents`, as postdeploy wires them in Azure.
    if (emulator && process.env.AILZ_WIRE_EVENTS !== "false" && host.invoker.find("resourceEvents")) {
      const { wireResourceEvents } = await import("./wireResourceEvents");
      const wired = await wireResourceEvents(host.url, key.key);
      log("info", `resource events of ${wired} subscription(s) delivered to resourceEvents`);
    }

    return {
      hostUrl: host.url,
      emulatorUrl: emulator?.url,
      sinkUrl: sink.url,
      functionKey: key.key,
      functionKeySource: key.source,
      storageConnectionString: azurite.connectionString,
      dataDir,
      host,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
