import { entryOf } from "../config/entryOf";
import type { Policy } from "../config/Policy";
import type { SweepReader } from "./SweepReader";

/** Where GPU compute is billed: VMs and scale sets on themselves, AML clusters on their workspace, AKS pools on their cluster. */
const BILLED_TYPES = ["microsoft.compute/virtualmachines", "microsoft.compute/virtualmachinescalesets", "microsoft.machinelearningservices/workspaces", "microsoft.containerservice/managedclusters"];

/**
 * Month-to-date compute cost per resource of the billed GPU types, in ONE Cost Management query
 * at the root management group (grouped by resource and meter, filtered by type), carried to a
 * 30-day month: the money on the idle capacity's findings. Only the `Virtual Machines` meter.
 */
export async function collectGpuCosts(reader: SweepReader, policy: Policy, now: Date): Promise<Record<string, number>> {
  const entry = entryOf(policy, "idleGpuCompute");
  if (!entry || entry.mode === "off") return {};
  const daysWithData = Math.max(0, now.getUTCDate() - 1);
  const out: Record<string, number> = {};
  if (daysWithData === 0) return out;
  const rows = reader.cost({
    scope: `/providers/Microsoft.Management/managementGroups/${policy.managementGroups.root}`,
    timeframe: "MonthToDate",
    groupBy: [{ dimension: "ResourceId" }, { dimension: "MeterCategory" }],
    filter: { dimension: "ResourceType", values: BILLED_TYPES },
    costColumn: "PreTaxCost",
  });
  for await (const row of rows) {
    if (String(row.MeterCategory ?? "") !== "Virtual Machines") continue;
    const id = String(row.ResourceId ?? "").toLowerCase();
    if (!id) continue;
    out[id] = (out[id] ?? 0) + Number(row.PreTaxCost ?? row.Cost ?? 0);
  }
  for (const id of Object.keys(out)) out[id] = Math.round((out[id]! / daysWithData) * 30 * 100) / 100;
  return out;
}
