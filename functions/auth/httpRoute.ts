import { app, type HttpFunctionOptions, type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { handle } from "../http/handle";
import { authorize, type Access } from "./authorize";
import type { Principal } from "./principalOf";

type Base = Omit<HttpFunctionOptions, "handler" | "authLevel">;
type Protected = Exclude<Access, "webhook" | "anonymous">;

const declared = new Map<string, { access: Access; methods: string[]; route: string }>();

/**
 * Every HTTP function's declared access, by function name: the route-by-role tests walk it so a
 * route added without a declaration, or with the wrong one, fails them.
 * @internal
 */
export const routeAccess = (): ReadonlyMap<string, { access: Access; methods: string[]; route: string }> => declared;

function record(name: string, options: Base, access: Access) {
  if (declared.has(name)) throw new Error(`HTTP function ${name} is registered twice`);
  declared.set(name, { access, methods: (options.methods ?? ["GET", "POST"]).map(String), route: options.route ?? name });
}

/** An HTTP function that needs the function key and a validated principal with `access`. */
export function protectedRoute(name: string, options: Base & { access: Protected; handler: (request: HttpRequest, context: InvocationContext, principal: Principal) => Promise<HttpResponseInit> }): void {
  const { access, handler, ...rest } = options;
  record(name, rest, access);
  app.http(name, { ...rest, authLevel: "function", handler: handle((request, context) => handler(request, context, authorize(request, access))) });
}

/** A webhook (the function key alone) or an anonymous page; no principal is read. */
export function openRoute(name: string, options: Base & { access: "webhook" | "anonymous"; handler: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit> }): void {
  const { access, handler, ...rest } = options;
  record(name, rest, access);
  app.http(name, { ...rest, authLevel: access === "webhook" ? "function" : "anonymous", handler: access === "webhook" ? handle(handler) : handler });
}
