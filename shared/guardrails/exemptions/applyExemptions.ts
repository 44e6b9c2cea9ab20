import type { Decision } from "../../estate/Decision";
import type { Exemption } from "../../estate/Exemption";
import { exemptionCovers } from "./exemptionCovers";
import { isExemptionActive } from "./isExemptionActive";

/**
 * Marks `flag`/`act` decisions covered by an active exemption: `exemption` is set and the
 * reason says why; the executor records but neither acts nor notifies. When several match,
 * the one lasting longest wins. Expired exemptions do not apply. Inputs are not mutated.
 */
export function applyExemptions(
  decisions: readonly Decision[],
  exemptions: readonly Exemption[],
  now: Date,
  managementGroupPathOf: (resourceId: string) => readonly string[] = () => [],
): Decision[] {
  const active = exemptions.filter((e) => isExemptionActive(e, now));
  return decisions.map((d) => {
    if (d.verdict === "ok" || active.length === 0) return d;
    const path = managementGroupPathOf(d.resourceId);
    const match = active
      .filter((e) => exemptionCovers(e, d.guardrail, d.resourceId, path))
      .sort((a, b) => b.until.localeCompare(a.until))[0];
    if (!match) return d;
    return {
      ...d,
      exemption: { exemptionId: match.id, scope: match.scope, ref: match.ref, until: match.until, source: match.source },
      reason: `${d.reason} [exempt until ${match.until}, ref ${match.ref}${match.justification ? `: ${match.justification}` : ""}]`,
    };
  });
}
