import type { Exemption } from "../../estate/Exemption";
import type { ExemptionRecord } from "../../store/records";

/** A stored (API) exemption as the engine reads every exemption. */
export function exemptionFromRecord(r: ExemptionRecord): Exemption {
  return {
    id: r.id,
    scope: r.scope,
    guardrails: [r.guardrail],
    until: r.expiresAt.slice(0, 10),
    expiresAt: r.expiresAt,
    ref: r.ref ?? r.id,
    justification: r.justification,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    source: "api",
  };
}
