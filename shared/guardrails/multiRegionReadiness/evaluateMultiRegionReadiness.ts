import type { Policy } from "../../config/Policy";
import { dryRunFor } from "../../engine/dryRunFor";
import type { Decision } from "../../estate/Decision";
import type { ResourceFacts } from "../../estate/ResourceFacts";
import type { SubscriptionFacts } from "../../estate/SubscriptionFacts";
import type { ModelOfferFacts, QuotaReading, RegionFacts } from "../../sweep/BatchFacts";
import { multiRegionReadinessName, type MultiRegionReadinessParams } from "./params";
import { isGpuCompute, isProdWorkload, workloadRegions } from "./workloadRegions";
import { resourcesBySubscription } from "../../estate/resourcesBySubscription";

const ACCOUNT = "microsoft.cognitiveservices/accounts";
const DEPLOYMENT = "microsoft.cognitiveservices/accounts/deployments";
const eq = (a: string | undefined, b: string | undefined) => (a ?? "").toLowerCase() === (b ?? "").toLowerCase();

interface Need {
  what: string;
  offered(models: ModelOfferFacts[]): boolean;
}

/** What the workload's AI services deploy: each account (kind + SKU) and each deployment (model version + deployment type). */
function needsOf(resources: ResourceFacts[]): Need[] {
  const accounts = new Map(resources.filter((r) => r.type === ACCOUNT).map((a) => [a.id.toLowerCase(), a]));
  const out = new Map<string, Need>();
  for (const a of accounts.values()) {
    const kind = a.kind ?? "";
    const sku = a.sku?.name ?? "";
    out.set(`account|${kind}|${sku}`.toLowerCase(), { what: `${kind} accounts (${sku})`, offered: (ms) => ms.some((m) => eq(m.kind, kind) && eq(m.skuName, sku)) });
  }
  for (const d of resources.filter((r) => r.type === DEPLOYMENT)) {
    const account = accounts.get(d.id.toLowerCase().replace(/\/deployments\/[^/]+$/, ""));
    const model = (d.properties["model"] ?? {}) as { format?: string; name?: string; version?: string };
    if (!account || !model.name) continue;
    const type = d.sku?.name ?? "Standard";
    const key = `model|${account.kind}|${model.format}|${model.name}|${model.version}|${type}`.toLowerCase();
    out.set(key, {
      what: `${model.name} ${model.version ?? ""} (${type})`.replace(/\s+\(/, " ("),
      offered: (ms) => ms.some((m) => eq(m.kind, account.kind) && eq(m.format, model.format ?? m.format) && eq(m.name, model.name) && eq(m.version, model.version) && m.deploymentSkus.some((s) => eq(s, type))),
    });
  }
  return [...out.values()];
}

/**
 * Production workloads (a subscription in the guardrail's archetypes with a prod environment tag)
 * must be able to fail over: at least two regions in use or declared (`secondary-region` tag);
 * the account kinds and model versions (with their deployment types) the workload deploys offered
 * in each other region (the provider's models listing); and, where the workload runs GPU compute
 * or holds GPU quota, GPU quota or a quota-group allocation there. One finding per workload and
 * rule; a region whose listing or quota was not read is not judged. Findings only.
 */
export function evaluateMultiRegionReadiness(
  subscriptions: SubscriptionFacts[],
  resources: ResourceFacts[],
  quota: QuotaReading[],
  regions: RegionFacts | undefined,
  params: MultiRegionReadinessParams,
  policy: Policy,
): Decision[] {
  const out: Decision[] = [];
  const dryRun = dryRunFor(policy, multiRegionReadinessName);
  for (const sub of subscriptions) {
    if (!isProdWorkload(sub, params)) continue;
    const mine = resourcesBySubscription(resources, sub.id);
    const wr = workloadRegions(sub, mine, params, policy);
    if (!wr) continue;
    const base = { guardrail: multiRegionReadinessName, resourceId: `/subscriptions/${sub.id}`, verdict: "flag" as const, dryRun };
    const name = sub.name || sub.id;
    const evidence = { primary: wr.primary, inUse: wr.inUse, declared: wr.declared, secondaries: wr.secondaries };
    if (wr.secondaries.length === 0) {
      out.push({ ...base, rule: "singleRegion", severity: "medium", evidence, reason: `multiRegionReadiness: ${name} runs in ${wr.primary} only and declares no ${params.secondaryRegionTag}` });
      continue;
    }

    const needs = needsOf(mine);
    const gaps: string[] = [];
    for (const region of wr.secondaries) {
      const listed = regions?.models[region];
      if (!listed) continue;
      const missing = needs.filter((n) => !n.offered(listed)).map((n) => n.what);
      if (missing.length > 0) gaps.push(`${missing.join(", ")} not offered in ${region}`);
    }
    if (gaps.length > 0) out.push({ ...base, rule: "modelUnavailable", severity: "medium", evidence: { ...evidence, gaps }, reason: `multiRegionReadiness: ${name}: ${gaps.join("; ")}` });

    const gpuHere = mine.some((r) => isGpuCompute(r, policy)) || quota.some((q) => q.subscriptionId === sub.id && q.limit > 0);
    if (!gpuHere) continue;
    const noQuota = wr.secondaries.filter((region) => {
      const allocated = quota.some((q) => q.subscriptionId === sub.id && q.location === region && q.limit > 0);
      const limit = regions?.gpuQuota[`${sub.id}|${region}`];
      return !allocated && limit !== undefined && limit <= 0;
    });
    if (noQuota.length > 0) {
      out.push({ ...base, rule: "noSecondaryGpuQuota", severity: "high", evidence: { ...evidence, noQuota }, reason: `multiRegionReadiness: ${name} runs GPU compute but holds no GPU quota or quota-group allocation in ${noQuota.join(", ")}` });
    }
  }
  return out;
}
