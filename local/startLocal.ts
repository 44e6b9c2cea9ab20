// Starts the whole local world in this process (Azurite as a child process): storage, the ARM
// estate emulator, the durable backend and the Functions host running the app's own
// registration code. `npm start` is local/start.ts calling this with the defaults.
import { localEventsTarget } from "./localEventsTarget";
import fs from "node:fs";
import path from "node:path";
import * as clock from "./clock";
import { installLocalOverrides } from "./azure/installLocalOverrides";
import { DEFAULT_AZURITE_PORTS, startAzurite, type Azurite, type AzuritePorts } from "./azurite/startAzurite";
import { checkStartUp, type PlannedPort } from "./checkStartUp";
import { applyLocalSettings, applySettings } from "./host/applyLocalSettings";
import type { CreateDurableBackend, DurableBackend, DurableLog as Log } from "./durable/types";
import { resolveFunctionKey } from "./host/functionKey";
import { createConsoleLog } from "./host/logger";
import { findAppRoot, readHostJson } from "./host/readHostJson";
import { startHost, type Host } from "./host/startHost";
import { appToken, demoAppClaims } from "./demo/demoAppRoles";
import { captureConsole } from "./log/captureConsole";
import { createFileLog } from "./log/createFileLog";
import { startSink, type Sink } from "./sink/startSink";
import { PORT_SETTINGS, readStartEnv } from "./startConfig";
import { LOCAL_IDENTITY_OBJECT_ID } from "../shared/azure/azureConfig";

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
  /**
   * The policy file the app will load (npm start: the app's own policyPath()). It is validated
   * with the other settings before anything is written, so a bad policy leaves the data folder
   * as it was.
   */
  policyFile?: string;
  /** Where the world's lines go as they happen (the terminal); the log file gets them too. */
  log?: Log;
  /** Every line at every level, the app's console output included; default <dataDir>/ailz.log, false = none. */
  logFile?: string | false;
  /** Where Azurite keeps its data (AILZ_AZURITE_PERSISTENCE); default disk, under the data folder. */
  azuritePersistence?: "disk" | "memory";
  /** The app's console output becomes debug-level log lines (warn/error keep theirs); default true. */
  captureConsole?: boolean;
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
  /** The log file, when there is one. */
  logFile?: string;
  host: Host;
  stop(): Promise<void>;
}

interface RunningEmulator {
  url: string;
  emulator?: { events: { idle(): Promise<void> } };
  close(): Promise<void>;
}
type StartEmulator = (opts: {
  port?: number;
  host?: string;
  dataDir?: string;
  estate?: object | string;
  eventsEnabled?: boolean;
  infraAccess?: { principalId: string; rolesDir: string; logSinkScope?: string; ownScopes?: string[] };
}) => Promise<RunningEmulator>;

/** `/subscriptions/{id}` of a resource id. */
function subscriptionScope(resourceId: string): string {
  return resourceId.split("/").slice(0, 3).join("/");
}

// How long start-up waits for the wiring's own resource events to be processed, so that they are
// over before the banner; deliveries that keep failing (and retrying) do not hold start-up longer.
const WIRING_SETTLE_MS = 15_000;

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
  const terminal = opts.log ?? createConsoleLog();
  const appEntry = path.resolve(opts.appEntry ?? "functions/index.ts");
  const dataDir = path.resolve(opts.dataDir ?? ".ailz");
  const hostPort = opts.hostPort ?? 7071;
  const emulatorPort = opts.emulatorPort ?? 7072;
  const sinkPort = opts.sinkPort ?? 7073;
  const azuritePorts = opts.azuritePorts ?? DEFAULT_AZURITE_PORTS;

  // Settings only change this process's environment; everything else waits for checkStartUp.
  const appRoot = findAppRoot(appEntry);
  applyLocalSettings(opts.localSettingsPath ?? path.join(appRoot, "local.settings.json"));
  if (opts.settings) applySettings(opts.settings);
  const ports: PlannedPort[] = [
    { role: "Functions host", port: hostPort, setting: PORT_SETTINGS.host },
    ...(opts.estate !== false ? [{ role: "ARM emulator", port: emulatorPort, setting: PORT_SETTINGS.emulator }] : []),
    { role: "notification sink", port: sinkPort, setting: PORT_SETTINGS.sink },
    { role: "Azurite blob", port: azuritePorts.blob, setting: PORT_SETTINGS.blob },
    { role: "Azurite queue", port: azuritePorts.queue, setting: PORT_SETTINGS.queue },
    { role: "Azurite table", port: azuritePorts.table, setting: PORT_SETTINGS.table },
  ];
  const estateFile = typeof opts.estate === "string" && opts.estate !== "demo" ? path.resolve(opts.estate) : undefined;
  await checkStartUp({ dataDir, appEntry, estateFile, policyFile: opts.policyFile, functionKey: opts.functionKey, ports });

  clock.install();
  fs.mkdirSync(dataDir, { recursive: true });
  // The console's front end is TypeScript: built here (esbuild, well under a second), served by the console function.
  if (!process.env.AILZ_CONSOLE_ASSETS) {
    const { buildConsoleAssets } = await import("../console/buildConsoleAssets");
    const built = await buildConsoleAssets(path.join(dataDir, "console-assets"));
    process.env.AILZ_CONSOLE_ASSETS = path.dirname(built.file);
  }
  const cleanups: (() => Promise<void>)[] = [];
  const logFile = opts.logFile === false ? undefined : createFileLog(path.resolve(opts.logFile ?? path.join(dataDir, "ailz.log")));
  const log: Log = logFile
    ? (level, msg, extra) => {
        terminal(level, msg, extra);
        logFile.log(level, msg, extra);
      }
    : terminal;
  if (logFile) cleanups.push(() => logFile.close());
  if (opts.captureConsole !== false) {
    const restore = captureConsole(log);
    cleanups.push(async () => restore());
  }
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
    const key = resolveFunctionKey(dataDir, opts.functionKey);
    const azurite: Azurite = await startAzurite({ dataDir, ports: azuritePorts, inMemory: opts.azuritePersistence === "memory", onLog: (l) => log("debug", `[azurite] ${l}`) });
    cleanups.push(() => azurite.stop());
    process.env.AzureWebJobsStorage = azurite.connectionString;

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
        const startEnv = readStartEnv();
        // AILZ_EMULATOR_RBAC=enforce: ailz's identity may do in the emulator what infra/roles lets it do in Azure.
        const infraAccess =
          startEnv.AILZ_EMULATOR_RBAC === "enforce"
            ? { principalId: LOCAL_IDENTITY_OBJECT_ID, rolesDir: path.resolve(startEnv.AILZ_EMULATOR_ROLES_DIR ?? path.join(__dirname, "..", "infra", "roles")), logSinkScope: process.env.AILZ_LOG_ANALYTICS_WORKSPACE_ID?.trim() || undefined, ownScopes: [subscriptionScope(localEventsTarget().identityId)] }
            : undefined;
        emulator = await startEmulator({ port: emulatorPort, host: "127.0.0.1", dataDir: path.join(dataDir, "arm"), estate, eventsEnabled: true, infraAccess });
        cleanups.push(() => emulator!.close());
        if (demo) {
          // ailz's own records of the last 45 days (quota samples, sandbox activity), as if it had been running.
          const [{ seedDemoHistory }, { createStoresFromEnv }] = await Promise.all([import("./demo/seedHistory"), import("../shared/store/createStores")]);
          const seeded = await seedDemoHistory(createStoresFromEnv(process.env), clock.nowDate());
          if (seeded.quotaSamples + seeded.sandboxActivities > 0) log("info", `demo history seeded: ${seeded.quotaSamples} quota samples, ${seeded.sandboxActivities} sandbox activities`);
        }
      }
    }

    // The app's Azure clients, credentials and vending directory reach the emulator: ours, or one
    // already running that AILZ_ARM_ENDPOINT names. Without either they are Azure's own.
    const armEndpoint = emulator?.url ?? (process.env.AILZ_ARM_ENDPOINT?.trim() || undefined);
    if (armEndpoint) {
      const uninstall = installLocalOverrides(armEndpoint);
      cleanups.push(async () => uninstall());
    }

    const hostSettings = readHostJson(appRoot);
    const createDurableBackend = await importIfPresent<CreateDurableBackend>(
      "durable/createDurableBackend",
      "createDurableBackend",
      () => import("./durable/createDurableBackend"),
      log,
    );
    const wireEvents = emulator !== undefined && process.env.AILZ_WIRE_EVENTS !== "false";
    let wiring: string | undefined;
    const host = await startHost({
      appEntry,
      dataDir,
      functionKey: key.key,
      port: hostPort,
      log,
      expectDurable: createDurableBackend !== undefined,
      // The host plays Easy Auth; /.auth/login/aad?as=<person> signs a demo person in (local/README.md).
      easyAuth: {
        signIn: (who) => {
          try {
            return demoAppClaims(who);
          } catch {
            return undefined;
          }
        },
        mintToken: (claims) => appToken(claims as Parameters<typeof appToken>[0]),
      },
      components: () => ({
        storage: { ready: azurite.running(), detail: `Azurite on ${Object.values(azurite.ports).join(", ")}` },
        ...(emulator ? { emulator: { ready: true, detail: emulator.url } } : {}),
        notifications: { ready: true, detail: `local sink at ${sink.url}` },
        // Start-up is not over (and health not 200) until the estate's resource events reach the app.
        ...(wireEvents ? { events: { ready: wiring !== undefined, detail: wiring ?? "wiring resource events to resourceEvents" } } : {}),
      }),
      urls: () => ({ health: `${host.url}/api/health`, storage: azurite.connectionString.match(/TableEndpoint=([^;]+)/)?.[1] ?? "", sink: `${sink.url}/messages`, ...(emulator ? { emulator: emulator.url } : {}) }),
    });
    cleanups.push(() => host.close());
    // Before the durable backend resumes anything: where vending points new subscriptions'
    // events and budget alerts (in Azure: app settings).
    const target = localEventsTarget();
    process.env.AILZ_FUNCTION_APP_ID ??= target.functionAppId;
    process.env.AILZ_STORAGE_ACCOUNT_ID ??= target.deadLetterStorageAccountId;
    process.env.AILZ_IDENTITY_ID ??= target.identityId;
    // Event Grid reaches an AzureFunction destination by the app's resource id: tell our emulator where that app runs.
    if (emulator) {
      const res = await fetch(`${emulator.url}/_emulator/events`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ functionApps: { [target.functionAppId]: { url: host.url, code: key.key } } }) });
      if (!res.ok) throw new Error(`registering the local Function App with the emulator: ${res.status} ${await res.text()}`);
    }
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
    if (wireEvents && host.invoker.find("resourceEvents")) {
      const { wireResourceEvents } = await import("./wireResourceEvents");
      const families = readStartEnv().AILZ_EVENT_FAMILIES;
      const wired = await wireResourceEvents(undefined, families);
      const settled = await Promise.race([
        emulator!.emulator?.events.idle().then(() => true) ?? Promise.resolve(true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), WIRING_SETTLE_MS).unref()),
      ]);
      if (!settled) log("warn", `resource events of the wiring are still being delivered after ${WIRING_SETTLE_MS / 1000}s`);
      wiring = `resource events of ${wired} subscription(s) delivered to resourceEvents (${families === "both" ? "subscription topic and Resource Notifications" : families === "resources" ? "subscription topic" : "Resource Notifications"})`;
      log("info", wiring);
    } else if (wireEvents) wiring = "no resourceEvents function to deliver resource events to";

    return {
      hostUrl: host.url,
      emulatorUrl: emulator?.url,
      sinkUrl: sink.url,
      functionKey: key.key,
      functionKeySource: key.source,
      storageConnectionString: azurite.connectionString,
      dataDir,
      logFile: logFile?.file,
      host,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
