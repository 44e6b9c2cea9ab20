import type { Exemption } from "../../estate/Exemption";
import { parseResourceId } from "../../estate/parseResourceId";

const norm = (s: string) => s.toLowerCase().replace(/\/+$/, "");

/**
 * Whether an exemption covers a guardrail on a resource: same guardrail (or `*`), and the
 * resource is the scope or under it. A management-group scope matches through the resource
 * subscription's management group path.
 */
export function exemptionCovers(exemption: Exemption, guardrail: string, resourceId: string, managementGroupPath: readonly string[] = []): boolean {
  if (!exemption.guardrails.some((g) => g === "*" || g === guardrail)) return false;
  const scope = norm(exemption.scope);
  const id = norm(resourceId);
  if (id === scope || id.startsWith(scope + "/")) return true;
  const mg = parseResourceId(exemption.scope).managementGroup;
  return mg !== undefined && managementGroupPath.some((m) => m.toLowerCase() === mg.toLowerCase());
}
