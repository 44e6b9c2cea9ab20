import type { EmuResponse } from "./types";

/** An ARM error response: `{"error":{"code","message"}}`. Handlers return it or throw it. */
export interface ArmErrorResponse extends EmuResponse {
  body: { error: { code: string; message: string; target?: string; details?: unknown[] } };
}

export function armError(status: number, code: string, message: string, headers?: Record<string, string>): ArmErrorResponse {
  return { status, body: { error: { code, message } }, ...(headers ? { headers } : {}) };
}

/** True for a thrown ArmErrorResponse (so `throw emu.armError(...)` works as well as `return`). */
export function isArmErrorResponse(x: unknown): x is ArmErrorResponse {
  if (!x || typeof x !== "object") return false;
  const r = x as { status?: unknown; body?: { error?: { code?: unknown } } };
  return typeof r.status === "number" && typeof r.body?.error?.code === "string";
}
