// The local Azure Functions host: loads the app through the core module, then serves HTTP
// triggers, the Event Grid webhook, the durable task webhooks (delegated to the durable
// backend), the admin API and /api/health, and fires timers.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { PortInUseError } from "../azurite/checkPortFree";
import { createAdminApi } from "./createAdminApi";
import { createEventGridWebhook, EVENT_GRID_PATH } from "./createEventGridWebhook";
import { createHttpTriggers, type HttpRoute } from "./createHttpTriggers";
import { createInvoker, type Invoker } from "./createInvoker";
import { createEasyAuth, LOCAL_APP_AUDIENCE, type EasyAuthOptions } from "./easyAuth";
import { createTimerScheduler, type TimerScheduler } from "./createTimerScheduler";
import type { DurableBackend, DurableLog as Log } from "../durable/types";
import { BodyTooLarge, readBody, sendError, sendJson } from "./httpUtil";
import { setCoreLogSink } from "./installCoreModule";
import { loadApp } from "./loadApp";
import { createConsoleLog } from "./logger";
import { getHooks, workerState } from "./workerState";

export const ROUTE_PREFIX = "api";
const DURABLE_PATH = "/runtime/webhooks/durabletask";

interface ComponentStatus {
  ready: boolean;
  detail?: string;
}

export interface StartHostOptions {
  appEntry: string;
  dataDir: string;
  functionKey: string;
  /** Default 7071; 0 picks a free port. */
  port?: number;
  hostname?: string;
  log?: Log;
  /** Status of components the host does not own (storage, emulator), shown by /api/health. */
  components?: () => Record<string, ComponentStatus>;
  urls?: () => Record<string, string>;
  /** When false (no durable backend in this world), /api/health does not wait for one. Default true. */
  expectDurable?: boolean;
  /** App Service Authentication as the host plays it; on by default (env AILZ_EASY_AUTH=off turns it off). */
  easyAuth?: Partial<EasyAuthOptions>;
}

export interface Host {
  url: string;
  port: number;
  invoker: Invoker;
  /** The HTTP-triggered functions' routes, most specific first. */
  routes: HttpRoute[];
  timers: TimerScheduler;
  /** Route durable webhooks and durableClient bindings to this backend. */
  attachDurable(backend: DurableBackend): void;
  /** Start timers and report ready on /api/health. */
  run(): Promise<void>;
  close(): Promise<void>;
}

/** The URL the caller used (its Host header), as the Functions host reports it to functions. */
function requestUrl(req: IncomingMessage, baseUrl: string): URL {
  const host = req.headers.host;
  if (host && /^[A-Za-z0-9.\-]+(:\d+)?$|^\[[0-9a-fA-F:]+\](:\d+)?$/.test(host)) {
    try {
      return new URL(req.url ?? "/", `http://${host}`);
    } catch {
      // fall through to the listening address
    }
  }
  return new URL(req.url ?? "/", baseUrl);
}

export async function startHost(opts: StartHostOptions): Promise<Host> {
  const log = opts.log ?? createConsoleLog();
  setCoreLogSink((level, category, message) => {
    if (level === "error" || level === "critical") log("error", message);
    else if (level === "warning") log("warn", message);
    else if (level !== "debug" && level !== "trace") log("debug", `[${category}] ${message}`);
  });
  const easyAuth = createEasyAuth({ audience: LOCAL_APP_AUDIENCE, enabled: process.env.AILZ_EASY_AUTH !== "off", ...opts.easyAuth });
  // As App Service sets it when authsettingsV2 is enabled; set before the app loads, which reads it.
  process.env.WEBSITE_AUTH_ENABLED = easyAuth.enabled ? "True" : "False";
  const app = await loadApp(opts.appEntry);
  let durable: DurableBackend | undefined;
  let ready = false;
  const invoker = createInvoker({ app, log, durableClientData: () => durable?.clientBindingData() });
  const httpTriggers = createHttpTriggers(invoker, opts.functionKey, easyAuth);
  const timers = createTimerScheduler({ invoker, dataDir: opts.dataDir, log });
  const eventGrid = createEventGridWebhook(invoker, opts.functionKey, log);
  const admin = createAdminApi(invoker, timers, httpTriggers, opts.functionKey);
  let baseUrl = "";

  function health(res: ServerResponse): void {
    const components: Record<string, { status: "ok" | "starting" | "down" | "absent"; detail?: string }> = {
      host: { status: ready ? "ok" : "starting", detail: `${invoker.functions().length} functions` },
    };
    for (const [name, c] of Object.entries(opts.components?.() ?? {})) components[name] = { status: c.ready ? "ok" : "down", detail: c.detail };
    const d = durable?.health();
    if (d) components.durable = { status: d.ready ? "ok" : "starting", detail: d.detail };
    else components.durable = opts.expectDurable === false ? { status: "absent", detail: "no durable backend in this world" } : { status: "starting" };
    const allOk = ready && Object.values(components).every((c) => c.status === "ok" || c.status === "absent");
    sendJson(res, allOk ? 200 : 503, { status: allOk ? "ok" : "starting", components, urls: { host: baseUrl, ...(opts.urls?.() ?? {}) } });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req, baseUrl);
    const lower = url.pathname.toLowerCase();
    const body = await readBody(req);
    if (lower === `/${ROUTE_PREFIX}/health` && (req.method === "GET" || req.method === "HEAD")) return health(res);
    if (!ready) return sendError(res, 503, "HostStarting", "The host is starting");
    if (lower === EVENT_GRID_PATH || lower === `${EVENT_GRID_PATH}/`) return eventGrid(req, res, url, body);
    if (lower === DURABLE_PATH || lower.startsWith(`${DURABLE_PATH}/`)) {
      if (durable && (await durable.handle(req, res, body))) return;
      return sendError(res, 404, "NotFound", `No durable endpoint at ${url.pathname}`);
    }
    if (lower.startsWith("/admin/")) return admin(req, res, url, body);
    if (easyAuth.handle(req, res, url)) return;
    if (lower === `/${ROUTE_PREFIX}` || lower.startsWith(`/${ROUTE_PREFIX}/`)) {
      return httpTriggers.handle(req, res, url, url.pathname.slice(ROUTE_PREFIX.length + 1), body);
    }
    sendError(res, 404, "NotFound", `Nothing is served at ${url.pathname}`);
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((err) => {
      if (err instanceof BodyTooLarge) return sendError(res, 413, "PayloadTooLarge", err.message);
      log("error", `Unhandled error serving ${req.method} ${(req.url ?? "").split("?")[0]}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (!res.headersSent) sendError(res, 500, "InternalError", "Internal host error");
      else res.destroy();
    });
  });
  // Durable status polling and load tests reuse connections heavily.
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(err.code === "EADDRINUSE" ? new PortInUseError(opts.port ?? 7071, "Functions host") : err),
    );
    server.listen(opts.port ?? 7071, opts.hostname ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${opts.hostname ?? "127.0.0.1"}:${port}`;
  // durable-functions rewrites client URLs to localhost:7071 unless WEBSITE_HOSTNAME names the host, as Core Tools sets it.
  process.env.WEBSITE_HOSTNAME = `${opts.hostname ?? "127.0.0.1"}:${port}`;

  log("info", `Functions host listening on ${baseUrl} with ${invoker.functions().length} functions`);

  return {
    url: baseUrl,
    port,
    invoker,
    routes: httpTriggers.routes,
    timers,
    attachDurable(backend) {
      durable = backend;
    },
    async run() {
      await timers.start();
      ready = true;
    },
    async close() {
      ready = false;
      await timers.stop();
      for (const hook of getHooks("appTerminate")) {
        try {
          await hook({ hookData: {}, appHookData: workerState.appHookData });
        } catch (err) {
          log("warn", `appTerminate hook failed: ${String(err)}`);
        }
      }
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
