// Serves HTTP-triggered functions at /<routePrefix>/<route>, with the function's methods and
// authLevel, and turns the function's RPC http response back into an HTTP reply.
//
// Bodies are passed through raw, as Azure does: a malformed JSON body reaches the function,
// whose `request.json()` throws; the host never rejects a body on an HTTP trigger by itself.
import type { IncomingMessage, ServerResponse } from "node:http";
import { byPrecedence, compileRoute, type CompiledRoute } from "./compileRoute";
import type { RpcHttpData, RpcTypedData } from "./coreTypes";
import { InvocationFailure, type Invoker } from "./createInvoker";
import type { EasyAuth } from "./easyAuth";
import { formatSetCookie } from "./formatSetCookie";
import { hasValidKey } from "./hasValidKey";
import { flatHeaders, sendError } from "./httpUtil";
import { triggerOf } from "./triggerOf";
import { bodyBytes } from "./typedData";
import type { RegisteredFunction } from "./workerState";

export interface HttpRoute {
  fn: RegisteredFunction;
  route: CompiledRoute;
  methods: Set<string> | null;
  authLevel: "anonymous" | "function" | "admin";
}

export interface HttpTriggers {
  routes: HttpRoute[];
  /** Handles a path under the route prefix; always answers (404 when nothing matches). */
  handle(req: IncomingMessage, res: ServerResponse, url: URL, subPath: string, body: Buffer): Promise<void>;
}

const AUTH_LEVELS = new Set(["anonymous", "function", "admin"]);

export function createHttpTriggers(invoker: Invoker, functionKey: string, easyAuth?: EasyAuth): HttpTriggers {
  const routes: HttpRoute[] = [];
  for (const fn of invoker.functions()) {
    const t = triggerOf(fn);
    if (t.type.toLowerCase() !== "httptrigger") continue;
    const b = t.binding as { route?: string; methods?: string[]; authLevel?: string };
    const authLevel = (b.authLevel ?? "function").toLowerCase();
    if (!AUTH_LEVELS.has(authLevel)) throw new Error(`Function "${fn.metadata.name}": authLevel must be anonymous|function|admin, got "${b.authLevel}"`);
    routes.push({
      fn,
      route: compileRoute(b.route ?? fn.metadata.name),
      methods: b.methods && b.methods.length ? new Set(b.methods.map((m) => m.toUpperCase())) : null,
      authLevel: authLevel as HttpRoute["authLevel"],
    });
  }
  routes.sort((a, b) => byPrecedence(a.route, b.route));

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL, subPath: string, body: Buffer): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    let found: { r: HttpRoute; params: Record<string, string> } | undefined;
    for (const r of routes) {
      const params = r.route.match(subPath);
      if (!params) continue;
      if (r.methods && !r.methods.has(method)) continue;
      found = { r, params };
      break;
    }
    if (!found) return sendError(res, 404, "FunctionNotFound", `No function matches ${method} ${url.pathname}`);
    const { r, params } = found;
    if (r.authLevel !== "anonymous" && !hasValidKey(req, url, functionKey)) {
      return sendError(res, 401, "Unauthorized", "A valid function key is required in the x-functions-key header or the code query parameter");
    }

    // Easy Auth stands before the app: the function sees only the principal it validated.
    const auth = easyAuth ? easyAuth.headersFor(flatHeaders(req)) : { headers: flatHeaders(req) };
    if ("error" in auth) return sendError(res, 401, "Unauthorized", `Authorization: ${auth.error}`, { field: "Authorization" });
    const headers = auth.headers;
    const query: Record<string, string> = {};
    for (const k of new Set(url.searchParams.keys())) query[k] = url.searchParams.getAll(k).join(",");
    const http: RpcHttpData = { method, url: url.toString(), headers, query, params, identities: [] };
    if (method !== "GET" && method !== "HEAD") http.body = { bytes: body };
    const triggerMetadata: Record<string, RpcTypedData> = {
      Query: { json: JSON.stringify(query) },
      Headers: { json: JSON.stringify(headers) },
    };
    for (const [k, v] of Object.entries(params)) triggerMetadata[k] = { string: v };

    try {
      const { response } = await invoker.invoke(r.fn, { http }, triggerMetadata);
      const out = response.returnValue?.http ?? response.outputData?.find((o) => o.data?.http)?.data?.http;
      writeHttp(res, out ?? null, method);
    } catch (err) {
      // Anything but the function's own failure (a response the host cannot write) is the host's to log.
      if (!(err instanceof InvocationFailure)) throw err;
      if (!res.headersSent) sendError(res, 500, "InternalError", `The function failed; see invocation ${err.invocationId} in the host log`);
      else res.destroy();
    }
  }

  return { routes, handle };
}

function writeHttp(res: ServerResponse, http: RpcHttpData | null, method: string): void {
  if (!http) {
    res.writeHead(204);
    res.end();
    return;
  }
  const status = http.statusCode ? Number(http.statusCode) : 200;
  if (!Number.isInteger(status) || status < 100 || status > 999) throw new Error(`invalid status code "${http.statusCode}"`);
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(http.headers ?? {})) headers[k] = v;
  const cookies = (http.cookies ?? []).map(formatSetCookie);
  if (cookies.length) headers["set-cookie"] = cookies;
  const bytes = bodyBytes(http.body);
  if (!Object.keys(headers).some((k) => k.toLowerCase() === "content-length") && !Object.keys(headers).some((k) => k.toLowerCase() === "transfer-encoding")) {
    headers["content-length"] = String(bytes.length);
  }
  res.writeHead(status, headers);
  res.end(method === "HEAD" ? undefined : bytes);
}
