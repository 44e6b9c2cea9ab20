import { app, type HttpFunctionOptions, type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { handle } from "../http/handle";
import { authorize, type Access } from "./authorize";
import type { Principal } from "./principalOf";

type Base = Omit<HttpFunctionOptions, "handler" | "authLevel">;
type Protected = Exclude<Access, "webhook" | "anonymous">;

/** An HTTP function that needs the function key and a validated principal with `access`. */
export function protectedRoute(name: string, options: Base & { access: Protected; handler: (request: HttpRequest, context: InvocationContext, principal: Principal) => Promise<HttpResponseInit> }): void {
  const { access, handler, ...rest } = options;
  app.http(name, { ...rest, authLevel: "function", handler: handle((request, context) => handler(request, context, authorize(request, access))) });
}

/** A webhook (the function key alone) or an anonymous page; no principal is read. */
export function openRoute(name: string, options: Base & { access: "webhook" | "anonymous"; handler: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit> }): void {
  const { access, handler, ...rest } = options;
  app.http(name, { ...rest, authLevel: access === "webhook" ? "function" : "anonymous", handler: access === "webhook" ? handle(handler) : handler });
}
