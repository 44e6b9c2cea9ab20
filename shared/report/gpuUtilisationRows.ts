import type { Policy } from "../config/Policy";
import { coresOfSize } from "../guardrails/idleGpuCompute/coresOfSize";
import { isGpuSize } from "../guardrails/isGpuSize";
import { vmSizeOf } from "../guardrails/vmSizeOf";
import type { SubscriptionFacts } from "../estate/SubscriptionFacts";
import type { BatchFacts } from "../sweep/BatchFacts";
import { powerStateOf } from "../sweep/provenance/powerStateOf";
import type { GpuUtilisationRow } from "./GpuUtilisationRow";

const VM = "microsoft.compute/virtualmachines";
const VMSS = "microsoft.compute/virtualmachinescalesets";
const AKS = "microsoft.containerservice/managedclusters";
const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The batch's GPU utilisation per subscription, from the facts the night already collected
 * (quota readings, Resource Graph rows, the idleGpuCompute metrics and cost run rates): no read
 * of its own. Subscriptions with no GPU quota, compute or metrics get no row. Pure.
 */
export function gpuUtilisationRows(facts: BatchFacts, subscriptions: readonly SubscriptionFacts[], policy: Policy, currency: string): GpuUtilisationRow[] {
  const names = new Map(subscriptions.map((s) => [s.id.toLowerCase(), s.name]));
  const families = new Set(policy.gpuFamilies.quotaFamilies.map((f) => f.toLowerCase()));
  const cost = facts.gpuMonthlyCost ?? {};
  const rows = new Map<string, GpuUtilisationRow & { gpuHours: number; gpuSum: number }>();
  const row = (sub: string) => {
    const key = sub.toLowerCase();
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { subscriptionId: key, subscriptionName: names.get(key) ?? "", coresAllocated: 0, coresRunning: 0, averageUtilisation: null, measured: 0, gpuMeasured: 0, idleHours: 0, windowHours: 0, estimatedMonthlyWaste: 0, currency, gpuHours: 0, gpuSum: 0 }));
    return r;
  };

  for (const q of facts.quota) if (families.has(q.family.toLowerCase()) && q.limit > 0) row(q.subscriptionId).coresAllocated += q.limit;
  for (const r of facts.resources) {
    if (r.type === VM && isGpuSize(vmSizeOf(r), policy)) {
      const power = powerStateOf(r) ?? "";
      if (/running/i.test(power)) row(r.subscriptionId).coresRunning += coresOfSize(vmSizeOf(r) ?? "");
      // Stopped from the OS: billed in full for nothing.
      else if (/(^|\/)stopped$/i.test(power)) row(r.subscriptionId).estimatedMonthlyWaste += cost[r.id.toLowerCase()] ?? 0;
    } else if (r.type === VMSS && isGpuSize(vmSizeOf(r), policy)) {
      row(r.subscriptionId).coresRunning += (r.sku?.capacity ?? 0) * coresOfSize(vmSizeOf(r) ?? "");
    } else if (r.type === AKS) {
      for (const p of (r.properties["agentPoolProfiles"] ?? []) as { vmSize?: string; count?: number }[]) {
        if (isGpuSize(p.vmSize, policy)) row(r.subscriptionId).coresRunning += Number(p.count ?? 0) * coresOfSize(p.vmSize ?? "");
      }
    }
  }
  for (const u of facts.gpu ?? []) {
    if (u.signal !== "gpu" && u.signal !== "cpuNetwork") continue;
    const r = row(u.subscriptionId);
    r.measured++;
    r.windowHours = Math.max(r.windowHours, u.windowHours);
    r.idleHours += u.hoursIdle;
    if (u.hoursWithData > 0) r.estimatedMonthlyWaste += (cost[u.resourceId.toLowerCase()] ?? 0) * (u.hoursIdle / u.hoursWithData);
    if (u.signal === "gpu" && u.average !== null) {
      r.gpuMeasured++;
      r.gpuHours += u.hoursWithData;
      r.gpuSum += u.average * u.hoursWithData;
    }
  }
  return [...rows.values()]
    .map(({ gpuHours, gpuSum, ...r }) => ({ ...r, averageUtilisation: gpuHours > 0 ? round1(gpuSum / gpuHours) : null, estimatedMonthlyWaste: round2(r.estimatedMonthlyWaste) }))
    .sort((a, b) => b.estimatedMonthlyWaste - a.estimatedMonthlyWaste || a.subscriptionId.localeCompare(b.subscriptionId));
}
