// The host admin API subset: `POST /admin/functions/<name>` runs a non-HTTP function on demand
// (body `{"input": "..."}`, 202 Accepted, the run continues in the background, as the real
// host does) and `GET /admin/functions` lists the registered functions; `GET|DELETE
// /admin/host/stages` reads or resets this process's stage timings (benches). Admin key required.
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { Invoker } from "./createInvoker";
import type { TimerScheduler } from "./createTimerScheduler";
import type { HttpTriggers } from "./createHttpTriggers";
import { hasValidKey } from "./hasValidKey";
import { sendError, sendJson } from "./httpUtil";
import { triggerOf } from "./triggerOf";
import { resetStages, stageSummary } from "../../shared/telemetry/stageTimings";

const AdminInvokeBody = z.object({ input: z.string().optional() });
const NOT_ON_DEMAND = new Set(["httptrigger", "orchestrationtrigger", "activitytrigger", "entitytrigger"]);

export function createAdminApi(invoker: Invoker, timers: TimerScheduler, http: HttpTriggers, functionKey: string) {
  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<void> {
    if (!hasValidKey(req, url, functionKey)) return sendError(res, 401, "Unauthorized", "The admin API requires the host key in x-functions-key or code");
    const method = (req.method ?? "GET").toUpperCase();
    if (/^\/admin\/host\/stages\/?$/i.test(url.pathname)) {
      // Stage timings of this process (AILZ_STAGE_TIMINGS=1), for benches: GET reads, DELETE resets.
      if (method === "DELETE") {
        resetStages();
        res.writeHead(204);
        res.end();
        return;
      }
      if (method !== "GET") return sendError(res, 405, "MethodNotAllowed", "Use GET to read stage timings or DELETE to reset them");
      return sendJson(res, 200, { enabled: process.env.AILZ_STAGE_TIMINGS === "1", stages: stageSummary() });
    }
    const m = /^\/admin\/functions(?:\/([^/]+))?\/?$/i.exec(url.pathname);
    if (!m) return sendError(res, 404, "NotFound", `No admin endpoint at ${url.pathname}`);
    const name = m[1] ? decodeURIComponent(m[1]) : undefined;

    if (!name) {
      if (method !== "GET") return sendError(res, 405, "MethodNotAllowed", "Use GET to list functions");
      const routeOf = new Map(http.routes.map((r) => [r.fn.metadata.name, r]));
      const scheduleOf = new Map(timers.timers().map((t) => [t.name, t]));
      return sendJson(
        res,
        200,
        invoker.functions().map((fn) => ({
          name: fn.metadata.name,
          trigger: triggerOf(fn).type,
          route: routeOf.get(fn.metadata.name)?.route.template,
          authLevel: routeOf.get(fn.metadata.name)?.authLevel,
          schedule: scheduleOf.get(fn.metadata.name)?.schedule,
          nextRun: scheduleOf.get(fn.metadata.name)?.next,
        })),
      );
    }

    const fn = invoker.find(name);
    if (!fn) return sendError(res, 404, "FunctionNotFound", `No function named "${name}"`);
    if (method === "GET") return sendJson(res, 200, { name: fn.metadata.name, bindings: fn.metadata.bindings });
    if (method !== "POST") return sendError(res, 405, "MethodNotAllowed", "Use POST to run a function");
    const type = triggerOf(fn).type.toLowerCase();
    if (NOT_ON_DEMAND.has(type)) return sendError(res, 400, "NotOnDemand", `"${fn.metadata.name}" has a ${triggerOf(fn).type}; it cannot be run through the admin API`);

    let input: string | undefined;
    if (body.length) {
      let raw: unknown;
      try {
        raw = JSON.parse(body.toString("utf8"));
      } catch {
        return sendError(res, 400, "InvalidJson", "body: malformed JSON", { field: "body" });
      }
      const parsed = AdminInvokeBody.safeParse(raw);
      if (!parsed.success) return sendError(res, 400, "InvalidRequest", "input: must be a string", { field: "input" });
      input = parsed.data.input;
    }

    let run: Promise<unknown>;
    if (type === "timertrigger") run = timers.runNow(fn.metadata.name);
    else if (type === "eventgridtrigger") {
      let event: unknown;
      try {
        event = JSON.parse(input ?? "");
      } catch {
        return sendError(res, 400, "InvalidRequest", "input: an Event Grid trigger's input must be one event as a JSON string", { field: "input" });
      }
      run = invoker.invoke(fn, { json: JSON.stringify(event) });
    } else run = invoker.invoke(fn, input === undefined ? undefined : { string: input });
    // The invoker logs the outcome; the caller only learns that the run was accepted.
    run.catch(() => undefined);
    res.writeHead(202, { "content-length": "0" });
    res.end();
  };
}
