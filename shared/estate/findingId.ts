import { createHash } from "node:crypto";

/**
 * Deterministic finding id (hex, Table-key safe): the same guardrail, resource (case-insensitive,
 * as ARM ids are) and rule always map to the same finding.
 */
export function findingId(guardrail: string, resourceId: string, rule?: string): string {
  return createHash("sha256")
    .update(`${guardrail}\n${resourceId.toLowerCase()}\n${rule ?? ""}`)
    .digest("hex")
    .slice(0, 32);
}
