// The Durable Functions HTTP API (https://learn.microsoft.com/azure/azure-functions/durable/durable-functions-http-api)
// under /runtime/webhooks/durabletask/. The stock DurableClient calls it through `rpcBaseUrl`
// (instances/..., orchestrators/...), and createCheckStatusResponse hands callers the classic
// webhook URLs with taskHub, connection and code in the query; both forms land here.
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { DurableEngine, StartConflictError, validateInstanceId } from "./DurableEngine";
import { EventType } from "./historyEvents";
import { RuntimeStatus, TERMINAL_STATUSES, type DurableLog, type HistoryEvent, type InstanceState } from "./types";

export const WEBHOOK_PREFIX = "/runtime/webhooks/durabletask";
const PAGE_SIZE_DEFAULT = 100;

export interface HttpApiOptions {
  engine: DurableEngine;
  taskHub: string;
  hostBaseUrl: string;
  functionKey: string;
  log: DurableLog;
}

// Error codes by status, so every refusal carries the `{"error":{"code","message"[,"field"]}}` shape
// the host and the functions answer with.
const ERROR_CODES: Record<number, string> = { 400: "InvalidRequest", 401: "Unauthorized", 404: "NotFound", 409: "Conflict", 410: "Gone", 501: "NotImplemented" };

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

function errorBody(code: string, message: string, field?: string): { error: { code: string; message: string; field?: string } } {
  return { error: { code, message, ...(field ? { field } : {}) } };
}

const ListQuery = z.object({
  runtimeStatus: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (!s) return undefined;
      const list = s.split(",").map((x) => x.trim()).filter(Boolean);
      for (const x of list) {
        if (!RuntimeStatus.safeParse(x).success) {
          ctx.addIssue({ code: "custom", message: `runtimeStatus: '${x}' is not one of ${RuntimeStatus.options.join(", ")}` });
          return z.NEVER;
        }
      }
      return new Set(list);
    }),
  createdTimeFrom: z.iso.datetime({ offset: true }).optional().describe("createdTimeFrom"),
  createdTimeTo: z.iso.datetime({ offset: true }).optional().describe("createdTimeTo"),
  instanceIdPrefix: z.string().optional(),
  top: z.coerce.number().int().positive().max(10_000).optional(),
  showInput: z.enum(["true", "false"]).optional(),
});

export function managementUrls(o: Pick<HttpApiOptions, "hostBaseUrl" | "taskHub" | "functionKey">, instanceId = "INSTANCEID"): Record<string, string> {
  const base = `${o.hostBaseUrl.replace(/\/$/, "")}${WEBHOOK_PREFIX}`;
  const id = encodeURIComponent(instanceId);
  const q = `taskHub=${encodeURIComponent(o.taskHub)}&connection=Storage&code=${encodeURIComponent(o.functionKey)}`;
  return {
    id: instanceId,
    statusQueryGetUri: `${base}/instances/${id}?${q}`,
    sendEventPostUri: `${base}/instances/${id}/raiseEvent/{eventName}?${q}`,
    terminatePostUri: `${base}/instances/${id}/terminate?reason={text}&${q}`,
    rewindPostUri: `${base}/instances/${id}/rewind?reason={text}&${q}`,
    purgeHistoryDeleteUri: `${base}/instances/${id}?${q}`,
    restartPostUri: `${base}/instances/${id}/restart?${q}`,
    suspendPostUri: `${base}/instances/${id}/suspend?reason={text}&${q}`,
    resumePostUri: `${base}/instances/${id}/resume?reason={text}&${q}`,
  };
}

export function createHttpApi(o: HttpApiOptions): (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<boolean> {
  const { engine } = o;

  return async (req, res, body) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== WEBHOOK_PREFIX && !url.pathname.startsWith(`${WEBHOOK_PREFIX}/`)) return false;
    try {
      authorize(req, url, o.functionKey);
      const segs = url.pathname.slice(WEBHOOK_PREFIX.length).split("/").filter(Boolean).map(decodeURIComponent);
      const method = (req.method ?? "GET").toUpperCase();
      await route(method, segs, url, req, res, body);
    } catch (err) {
      if (err instanceof HttpError) send(res, err.status, errorBody(ERROR_CODES[err.status] ?? "InvalidRequest", err.message, err.field));
      else {
        o.log("error", `durable HTTP API: ${req.method} ${url.pathname} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        send(res, 500, errorBody("InternalError", "The durable backend could not complete the request."));
      }
    }
    return true;
  };

  async function route(method: string, segs: string[], url: URL, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const [head, a, b, c] = segs;
    if (head === "orchestrators" && a && segs.length <= 3 && method === "POST") return startOrchestration(a, b, url, req, res, body);
    if (head === "instances" && segs.length === 1) {
      if (method === "GET") return list(url, res);
      if (method === "DELETE") return purgeBy(url, res);
    }
    if (head === "instances" && a && segs.length === 2) {
      if (method === "GET") return status(a, url, res);
      if (method === "DELETE") return purge(a, res);
    }
    if (head === "instances" && a && method === "POST") {
      if (b === "raiseEvent" && c && segs.length === 4) return raise(a, c, res, body);
      if (b === "terminate" && segs.length === 3) return terminate(a, url, res);
      if ((b === "suspend" || b === "resume") && segs.length === 3) return suspendResume(a, b === "suspend", url, res);
      if ((b === "rewind" || b === "restart") && segs.length === 3) {
        throw new HttpError(501, `The ${b} operation is not supported by the local durable backend.`);
      }
    }
    if (head === "entities") throw new HttpError(501, "Durable entities are not supported by the local durable backend.");
    throw new HttpError(404, `No durable HTTP API route for ${method} ${url.pathname}`);
  }

  async function startOrchestration(name: string, instanceId: string | undefined, url: URL, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    if (!engine.orchestratorExists(name)) {
      throw new HttpError(400, `functionName: the function '${name}' doesn't exist, is disabled, or is not an orchestrator function.`, "functionName");
    }
    const text = body.toString("utf8").trim();
    if (text) {
      try {
        JSON.parse(text);
      } catch {
        throw new HttpError(400, "body: the orchestration input must be JSON", "body");
      }
    }
    if (instanceId !== undefined) {
      try {
        validateInstanceId(instanceId);
      } catch (err) {
        throw new HttpError(400, (err as Error).message, "instanceId");
      }
    }
    let state: InstanceState;
    try {
      state = await engine.startInstance(name, instanceId, text || undefined, url.searchParams.get("version") ?? undefined);
    } catch (err) {
      if (err instanceof StartConflictError) throw new HttpError(409, err.message);
      throw err;
    }
    const timeout = url.searchParams.get("timeout");
    if (timeout !== null) {
      const seconds = Number(timeout);
      const interval = Number(url.searchParams.get("pollingInterval") ?? "1");
      if (!Number.isFinite(seconds) || seconds < 0) throw new HttpError(400, "timeout: must be a number of seconds", "timeout");
      const deadline = Date.now() + seconds * 1000;
      while (Date.now() < deadline) {
        const found = await engine.getInstance(state.instanceId);
        if (found && TERMINAL_STATUSES.has(found.state.runtimeStatus)) {
          if (found.state.runtimeStatus === "Completed") return sendRaw(res, 200, found.state.output ?? "null");
          return send(res, 200, await statusBody(found.state, { showInput: true }));
        }
        await new Promise((r) => setTimeout(r, Math.max(50, Math.min(interval * 1000, deadline - Date.now()))));
      }
    }
    const payload = managementUrls(o, state.instanceId);
    void req;
    send(res, 202, payload, { Location: payload.statusQueryGetUri!, "Retry-After": "10" });
  }

  async function status(instanceId: string, url: URL, res: ServerResponse): Promise<void> {
    const found = await engine.getInstance(instanceId);
    if (!found) throw new HttpError(404, `No instance with ID '${instanceId}' found.`);
    const body = await statusBody(found.state, {
      showInput: url.searchParams.get("showInput") !== "false",
      showHistory: url.searchParams.get("showHistory") === "true",
      showHistoryOutput: url.searchParams.get("showHistoryOutput") === "true",
    });
    const s = found.state.runtimeStatus;
    const running = s === "Running" || s === "Pending" || s === "ContinuedAsNew" || s === "Suspended";
    const headers: Record<string, string> = running ? { Location: managementUrls(o, instanceId).statusQueryGetUri!, "Retry-After": "10" } : {};
    send(res, running ? 202 : 200, body, headers);
  }

  async function statusBody(st: InstanceState, opts: { showInput?: boolean; showHistory?: boolean; showHistoryOutput?: boolean }): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {
      name: st.name,
      instanceId: st.instanceId,
      runtimeStatus: st.runtimeStatus,
      input: opts.showInput === false ? null : parseOrNull(st.input),
      customStatus: parseOrNull(st.customStatus),
      output: parseOrNull(st.output),
      createdTime: isoSeconds(st.createdTime),
      lastUpdatedTime: isoSeconds(st.lastUpdatedTime),
    };
    if (opts.showHistory) {
      const events = summarizeHistory(await engine.readHistory(st), !!opts.showHistoryOutput);
      out.historyEvents = events;
      // durable-functions' DurableOrchestrationStatus reads `history`
      out.history = events;
    }
    return out;
  }

  async function list(url: URL, res: ServerResponse): Promise<void> {
    const parsed = ListQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success) throw new HttpError(400, parsed.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; "), parsed.error.issues[0]?.path.join("."));
    const q = parsed.data;
    const from = q.createdTimeFrom ? Date.parse(q.createdTimeFrom) : undefined;
    const to = q.createdTimeTo ? Date.parse(q.createdTimeTo) : undefined;
    const all = (await engine.listInstances())
      .filter((s) => (q.runtimeStatus ? q.runtimeStatus.has(s.runtimeStatus) : true))
      .filter((s) => (from !== undefined ? Date.parse(s.createdTime) >= from : true))
      .filter((s) => (to !== undefined ? Date.parse(s.createdTime) <= to : true))
      .filter((s) => (q.instanceIdPrefix ? s.instanceId.startsWith(q.instanceIdPrefix) : true))
      .sort((x, y) => (x.createdTime < y.createdTime ? -1 : x.createdTime > y.createdTime ? 1 : x.instanceId < y.instanceId ? -1 : 1));
    const top = q.top ?? PAGE_SIZE_DEFAULT;
    const token = (res.req?.headers["x-ms-continuation-token"] as string | undefined) ?? undefined;
    const start = token ? Number(Buffer.from(token, "base64").toString("utf8")) : 0;
    if (!Number.isInteger(start) || start < 0) throw new HttpError(400, "x-ms-continuation-token: not a token this API issued", "x-ms-continuation-token");
    const page = all.slice(start, start + top);
    const headers: Record<string, string> = {};
    if (start + top < all.length) headers["x-ms-continuation-token"] = Buffer.from(String(start + top)).toString("base64");
    const bodies = await Promise.all(page.map((s) => statusBody(s, { showInput: q.showInput !== "false" })));
    send(res, 200, bodies, headers);
  }

  async function purge(instanceId: string, res: ServerResponse): Promise<void> {
    const found = await engine.getInstance(instanceId);
    if (!found) throw new HttpError(404, `No instance with ID '${instanceId}' found.`);
    if (!TERMINAL_STATUSES.has(found.state.runtimeStatus)) {
      throw new HttpError(400, `instanceId: '${instanceId}' is ${found.state.runtimeStatus}; only completed, failed or terminated instances can be purged`, "instanceId");
    }
    await engine.purge(instanceId);
    send(res, 200, { instancesDeleted: 1 });
  }

  async function purgeBy(url: URL, res: ServerResponse): Promise<void> {
    const parsed = ListQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success) throw new HttpError(400, parsed.error.issues.map((i) => i.message).join("; "), parsed.error.issues[0]?.path.join("."));
    const q = parsed.data;
    if (!q.createdTimeFrom) throw new HttpError(400, "createdTimeFrom: required to purge by filter", "createdTimeFrom");
    const from = Date.parse(q.createdTimeFrom);
    const to = q.createdTimeTo ? Date.parse(q.createdTimeTo) : Infinity;
    let deleted = 0;
    for (const s of await engine.listInstances()) {
      const t = Date.parse(s.createdTime);
      if (t < from || t > to) continue;
      if (q.runtimeStatus && !q.runtimeStatus.has(s.runtimeStatus)) continue;
      if (await engine.purge(s.instanceId)) deleted++;
    }
    if (deleted === 0) throw new HttpError(404, "No instances matched the filter.");
    send(res, 200, { instancesDeleted: deleted });
  }

  async function raise(instanceId: string, eventName: string, res: ServerResponse, body: Buffer): Promise<void> {
    const text = body.toString("utf8").trim();
    if (text) {
      try {
        JSON.parse(text);
      } catch {
        throw new HttpError(400, "body: the event data must be JSON", "body");
      }
    }
    const r = await engine.raiseEvent(instanceId, eventName, text || undefined);
    if (r === "missing") throw new HttpError(404, `No instance with ID '${instanceId}' found.`);
    if (r === "gone") throw new HttpError(410, `The instance '${instanceId}' is not running.`);
    send(res, 202, undefined);
  }

  async function suspendResume(instanceId: string, suspend: boolean, url: URL, res: ServerResponse): Promise<void> {
    const r = await engine.setSuspended(instanceId, suspend, url.searchParams.get("reason") ?? undefined);
    if (r === "missing") throw new HttpError(404, `No instance with ID '${instanceId}' found.`);
    if (r === "gone") throw new HttpError(410, `The instance '${instanceId}' is not running.`);
    send(res, 202, undefined);
  }

  async function terminate(instanceId: string, url: URL, res: ServerResponse): Promise<void> {
    const r = await engine.terminate(instanceId, url.searchParams.get("reason") ?? undefined);
    if (r === "missing") throw new HttpError(404, `No instance with ID '${instanceId}' found.`);
    if (r === "gone") throw new HttpError(410, `The instance '${instanceId}' is not running.`);
    send(res, 202, undefined);
  }
}

/**
 * The real API keeps the client RPC endpoint on loopback without keys and asks callers of the
 * public webhook for the system key; locally the key is the host's function key.
 */
function authorize(req: IncomingMessage, url: URL, functionKey: string): void {
  const given = url.searchParams.get("code") ?? (req.headers["x-functions-key"] as string | undefined);
  if (given !== null && given !== undefined) {
    if (given === functionKey) return;
    throw new HttpError(401, "code: the key is not valid for this host", "code");
  }
  const remote = req.socket?.remoteAddress ?? "";
  if (remote === "127.0.0.1" || remote === "::1" || remote === "::ffff:127.0.0.1") return;
  throw new HttpError(401, "code: a function key is required (query parameter code or header x-functions-key)", "code");
}

const EVENT_NAMES: Record<number, string> = Object.fromEntries(Object.entries(EventType).map(([k, v]) => [v, k]));

/** The history summary of the HTTP API: orchestrator bookkeeping folded away, task names on their results. */
function summarizeHistory(history: HistoryEvent[], withOutput: boolean): Record<string, unknown>[] {
  const scheduled = new Map<number, HistoryEvent>();
  const out: Record<string, unknown>[] = [];
  for (const e of history) {
    if (e.EventType === EventType.TaskScheduled || e.EventType === EventType.SubOrchestrationInstanceCreated || e.EventType === EventType.TimerCreated) {
      scheduled.set(e.EventId, e);
      if (e.EventType !== EventType.TimerCreated) continue;
    }
    if (e.EventType === EventType.OrchestratorStarted || e.EventType === EventType.OrchestratorCompleted) continue;
    const item: Record<string, unknown> = { EventType: EVENT_NAMES[e.EventType] ?? String(e.EventType), Timestamp: isoSeconds(e.Timestamp) };
    if (e.EventType === EventType.ExecutionStarted) {
      item.FunctionName = e.Name;
      item.Input = parseOrNull(e.Input);
    }
    const src = e.TaskScheduledId !== undefined ? scheduled.get(e.TaskScheduledId) : undefined;
    if (src) {
      item.FunctionName = src.Name;
      item.ScheduledTime = isoSeconds(src.Timestamp);
      if (src.InstanceId) item.InstanceId = src.InstanceId;
    }
    if (e.Name && e.EventType === EventType.EventRaised) item.Name = e.Name;
    if (e.FireAt) item.FireAt = e.FireAt;
    if (e.Reason) item.Reason = e.Reason;
    if (e.OrchestrationStatus) item.OrchestrationStatus = e.OrchestrationStatus;
    if (withOutput && e.Result !== undefined) item.Result = parseOrNull(e.Result);
    if (withOutput && e.EventType === EventType.EventRaised) item.Input = parseOrNull(e.Input);
    out.push(item);
  }
  return out;
}

function parseOrNull(text: string | undefined): unknown {
  if (text === undefined || text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isoSeconds(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, "Z");
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendRaw(res, status, body === undefined ? "" : JSON.stringify(body), headers);
}

function sendRaw(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...(text ? { "Content-Type": "application/json; charset=utf-8" } : {}), ...headers });
  res.end(text);
}
