// Small helpers for the host's own HTTP replies (never a stack trace to a caller).
import type { IncomingMessage, ServerResponse } from "node:http";

const MAX_BODY_BYTES = 100 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export class BodyTooLarge extends Error {
  constructor() {
    super(`request body exceeds ${MAX_BODY_BYTES} bytes`);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * The host's error reply, in the shape every ailz function answers with (functions/http/errorReply.ts):
 * `{"error":{"code","message"[,"field"][,"details"]}}`, so a caller reads one shape whoever refused it.
 */
export function sendError(res: ServerResponse, status: number, code: string, message: string, more: { field?: string; details?: unknown[] } = {}): void {
  sendJson(res, status, { error: { code, message, ...(more.field ? { field: more.field } : {}), ...(more.details ? { details: more.details } : {}) } });
}

/** Flatten Node's header bag to the string map the RPC request carries (repeats joined by ", "). */
export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}

export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
