import type { Policy } from "../config/Policy";
import { archetypeOf } from "../config/archetypeOf";
import { SubscriptionFacts } from "../estate/SubscriptionFacts";
import type { SweepReader } from "./SweepReader";

/** Subscriptions and their management-group chain: one ResourceContainers query, paged. */
const SCOPE_QUERY = `resourcecontainers
| where type == 'microsoft.resources/subscriptions'
| project id, subscriptionId, name, tags, state = tostring(properties.state), chain = properties.managementGroupAncestorsChain
| order by id asc`;

/**
 * The sweep's scope: every subscription under the policy's root management group, with its
 * management-group path (root first) and archetype. Decommissioned subscriptions stay in scope
 * (their inventory is reported) but the lifecycle leaves them alone.
 */
export async function listScope(reader: SweepReader, policy: Policy): Promise<SubscriptionFacts[]> {
  const out: SubscriptionFacts[] = [];
  for await (const row of reader.graph(SCOPE_QUERY, { managementGroups: [policy.managementGroups.root] })) {
    const chain = Array.isArray(row.chain) ? (row.chain as { name?: string }[]).map((c) => String(c.name ?? "")).filter(Boolean) : [];
    const path = chain.reverse();
    const rootAt = path.findIndex((m) => m.toLowerCase() === policy.managementGroups.root.toLowerCase());
    const managementGroupPath = rootAt >= 0 ? path.slice(rootAt) : path;
    out.push(
      SubscriptionFacts.parse({
        id: String(row.subscriptionId ?? ""),
        name: String(row.name ?? ""),
        state: String(row.state || "Enabled"),
        managementGroupPath,
        tags: (row.tags as Record<string, string> | null) ?? {},
        archetype: archetypeOf(managementGroupPath, policy.managementGroups),
      }),
    );
  }
  return out;
}
