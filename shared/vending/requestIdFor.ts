import { createHash } from "node:crypto";

/**
 * The request id (also the orchestration instance id and, prefixed, the alias name) derived from
 * the Idempotency-Key: the same key always maps to the same request and the same alias, so a
 * repeated POST or a replayed step can never create a second subscription.
 */
export function requestIdFor(idempotencyKey: string): string {
  return `vr-${createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 24)}`;
}

/** Subscription alias names allow letters, digits, '-' and '_'. */
export function aliasNameFor(requestId: string): string {
  return `ailz-${requestId}`;
}
