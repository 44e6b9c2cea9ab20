import { entryOf } from "../config/entryOf";
import type { Policy } from "../config/Policy";
import type { SweepReader } from "./SweepReader";

/** Months of history behind a sandbox's lifetime spend: each month of data is 1 QPU of the tenant's 12 per 10 s. */
const LIFETIME_MONTHS = 3;

export interface SandboxCosts {
  /** First day counted, YYYY-MM-DD. */
  since: string;
  /** Lower-case subscription id -> resource group (lower-case) -> cost since `since`. */
  bySubscription: Record<string, Record<string, number>>;
}

/**
 * Spend per subscription and resource group since the first of the month LIFETIME_MONTHS back, in
 * ONE Cost Management query at the root management group: the report's cost per sandbox experiment
 * (a subscription sandbox is its subscription's rows, a group sandbox its group's), closed ones
 * included, since their cost records outlive their resources.
 */
export async function collectSandboxCosts(reader: SweepReader, policy: Policy, now: Date): Promise<SandboxCosts | undefined> {
  const entry = entryOf(policy, "sandboxLifecycle");
  if (!entry || entry.mode === "off") return undefined;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (LIFETIME_MONTHS - 1), 1);
  const since = new Date(from).toISOString().slice(0, 10);
  const bySubscription: SandboxCosts["bySubscription"] = {};
  if (today <= from) return { since, bySubscription };
  const rows = reader.cost({
    scope: `/providers/Microsoft.Management/managementGroups/${policy.managementGroups.root}`,
    timeframe: "Custom",
    timePeriod: { from: new Date(from), to: new Date(today - 86_400_000) },
    groupBy: [{ dimension: "SubscriptionId" }, { dimension: "ResourceGroupName" }],
    costColumn: "PreTaxCost",
  });
  for await (const row of rows) {
    const sub = String(row.SubscriptionId ?? "").toLowerCase();
    if (!sub) continue;
    const groups = (bySubscription[sub] ??= {});
    const rg = String(row.ResourceGroupName ?? "").toLowerCase();
    groups[rg] = (groups[rg] ?? 0) + Number(row.PreTaxCost ?? row.Cost ?? 0);
  }
  return { since, bySubscription };
}
