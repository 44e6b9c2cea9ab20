import type { VendingConfig } from "../config/VendingConfig";
import type { VendingRequest } from "../estate/VendingRequest";

/** Why the policy wants a person to approve this request; empty when it does not. */
export function approvalReasons(r: VendingRequest, vending: VendingConfig): string[] {
  const a = vending.approval;
  const out: string[] = [];
  if (a.requireForProd && r.environment === "prod") out.push("prod environment");
  const cores = r.gpuQuota.reduce((n, q) => n + q.cores, 0);
  if (a.gpuCoresOver !== undefined && cores > a.gpuCoresOver) out.push(`${cores} GPU cores (over ${a.gpuCoresOver})`);
  if (a.budgetOver !== undefined && r.budget.amount > a.budgetOver) out.push(`budget ${r.budget.amount} (over ${a.budgetOver})`);
  return out;
}
