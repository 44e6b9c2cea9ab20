import type { Archetype } from "../estate/Archetype";
import type { ManagementGroupsConfig } from "./ManagementGroupsConfig";

/**
 * The archetype of a subscription from its management group path (root first): the nearest
 * ancestor that is an archetype management group decides; nothing matching means `none`.
 */
export function archetypeOf(managementGroupPath: readonly string[], mgs: ManagementGroupsConfig): Archetype {
  const a = mgs.archetypes;
  const eq = (x: string, y: string) => x.toLowerCase() === y.toLowerCase();
  for (let i = managementGroupPath.length - 1; i >= 0; i--) {
    const mg = managementGroupPath[i]!;
    if (eq(mg, a.corp)) return "corp";
    if (eq(mg, a.online)) return "online";
    if (eq(mg, a.sandbox)) return "sandbox";
    if (eq(mg, a.decommissioned)) return "decommissioned";
    if (a.platform.some((p) => eq(p, mg))) return "platform";
  }
  return "none";
}
