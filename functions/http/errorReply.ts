import type { HttpResponseInit } from "@azure/functions";
import { ZodError } from "zod";
import { StoreConflictError, StoreLimitError } from "../../shared/store/errors";
import { HttpError } from "./HttpError";
import { jsonReply } from "./jsonReply";
import { zodMessage } from "./zodMessage";

/**
 * The reply for any error thrown by a handler: 4xx for bad input with the field named, 409 for
 * conflicts, 400 for input the store cannot hold (too large for a column or key), 500 with an
 * opaque id for everything else (the detail goes to the log, never the caller).
 */
export function errorReply(err: unknown, log: (msg: string) => void): HttpResponseInit {
  if (err instanceof HttpError) return jsonReply(err.status, { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } });
  if (err instanceof ZodError) {
    const { field, message } = zodMessage(err);
    return jsonReply(400, { error: { code: "InvalidRequest", message, field } });
  }
  if (err instanceof StoreConflictError) return jsonReply(409, { error: { code: "Conflict", message: err.message } });
  if (err instanceof StoreLimitError) return jsonReply(400, { error: { code: "NotStorable", message: err.message } });
  const id = crypto.randomUUID();
  log(`request failed (${id}): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return jsonReply(500, { error: { code: "InternalError", message: `internal error; reference ${id}` } });
}
