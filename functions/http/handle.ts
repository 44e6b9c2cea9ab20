import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { errorReply } from "./errorReply";

/** Wraps an HTTP handler so every thrown error becomes a shaped reply (no stack traces out). */
export function handle(fn: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>): HttpHandler {
  return async (request, context) => {
    try {
      return await fn(request, context);
    } catch (err) {
      return errorReply(err, (m) => context.error(m));
    }
  };
}
