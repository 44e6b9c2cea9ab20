import type { HttpResponseInit } from "@azure/functions";

/** A JSON reply. */
export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  return { status, jsonBody: body, headers: { "content-type": "application/json; charset=utf-8", ...headers } };
}
