// Entry point of the local Durable Functions backend: persistence in `<hub>Instances` /
// `<hub>History` tables, the orchestration work loop, and the Durable HTTP API.
import { DurableEngine } from "./DurableEngine";
import { DurableStore } from "./DurableStore";
import { createHttpApi, managementUrls, WEBHOOK_PREFIX } from "./httpApi";
import type { CreateDurableBackend, CreateDurableBackendOptions, DurableBackend } from "./types";

export interface LocalDurableBackend extends DurableBackend {
  /** Activity invocations per function name since start (benches and tests count re-runs with it). */
  activityInvocations(): ReadonlyMap<string, number>;
}

export function createDurableBackend(opts: CreateDurableBackendOptions): LocalDurableBackend {
  if (!opts.storageConnectionString) throw new Error("storageConnectionString: required");
  if (!/^https?:\/\//.test(opts.hostBaseUrl)) throw new Error(`hostBaseUrl: "${opts.hostBaseUrl}" must be an http(s) URL`);
  const store = new DurableStore(opts.storageConnectionString, opts.taskHub);
  const engine = new DurableEngine({
    store,
    invoker: opts.invoker,
    log: opts.log,
    maxConcurrentActivities: opts.maxConcurrentActivities ?? 10,
    maxConcurrentOrchestrations: opts.maxConcurrentOrchestrations ?? 10,
  });
  const hostBaseUrl = opts.hostBaseUrl.replace(/\/$/, "");
  const handleHttp = createHttpApi({ engine, taskHub: opts.taskHub, hostBaseUrl, functionKey: opts.functionKey, log: opts.log });
  let phase: "created" | "starting" | "ready" | "failed" | "stopped" = "created";
  let failure: string | undefined;

  return {
    async start() {
      if (phase === "starting" || phase === "ready") return;
      phase = "starting";
      try {
        await store.init();
        await engine.start();
        phase = "ready";
      } catch (err) {
        phase = "failed";
        failure = err instanceof Error ? err.message : String(err);
        opts.log("error", `durable backend failed to start: ${failure}`, { taskHub: opts.taskHub });
        throw err;
      }
    },
    async stop() {
      phase = "stopped";
      await engine.stop();
    },
    async handle(req, res, body) {
      const path = (req.url ?? "/").split("?")[0]!;
      if (path !== WEBHOOK_PREFIX && !path.startsWith(`${WEBHOOK_PREFIX}/`)) return false;
      if (phase !== "ready") {
        res.writeHead(503, { "Content-Type": "application/json; charset=utf-8", "Retry-After": "1" });
        res.end(JSON.stringify({ message: `The durable backend is not ready (${phase}${failure ? `: ${failure}` : ""}).` }));
        return true;
      }
      return handleHttp(req, res, body);
    },
    clientBindingData() {
      const base = `${hostBaseUrl}${WEBHOOK_PREFIX}`;
      const code = `code=${encodeURIComponent(opts.functionKey)}`;
      return {
        taskHubName: opts.taskHub,
        creationUrls: {
          createNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?${code}`,
          createAndWaitOnNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&${code}`,
        },
        managementUrls: managementUrls({ hostBaseUrl, taskHub: opts.taskHub, functionKey: opts.functionKey }),
        baseUrl: base,
        requiredQueryStringParameters: code,
        rpcBaseUrl: `${base}/`,
        httpBaseUrl: base,
      };
    },
    health() {
      if (phase === "ready") return { ready: true };
      return { ready: false, detail: failure ? `${phase}: ${failure}` : phase };
    },
    activityInvocations() {
      return engine.activityInvocations;
    },
  };
}

// the team contract's signature
const contractCheck: CreateDurableBackend = createDurableBackend;
void contractCheck;
