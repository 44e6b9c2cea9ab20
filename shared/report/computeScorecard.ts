import type { Policy } from "../config/Policy";
import type { ScorecardCounts } from "../sweep/ScorecardCounts";
import type { ScorecardRow } from "./ScorecardRow";

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * Share -> 1-5 with the policy's share bands (>= bands[0] rates 2 ... >= bands[3] rates 5).
 * @internal
 */
export function rateShare(share: number, bands: readonly number[]): number {
  let r = 1;
  bands.forEach((b, i) => {
    if (share >= b) r = i + 2;
  });
  return r;
}

/**
 * Count -> 5-1: at most bands[0] rates 5, above bands[3] rates 1.
 * @internal
 */
export function rateCount(count: number, bands: readonly number[]): number {
  const i = bands.findIndex((b) => count <= b);
  return i < 0 ? 1 : 5 - i;
}

/**
 * The Diagnostic-phase readiness scorecard from the estate's counts; team skills come from the
 * policy. Each row states its measure and its thresholds; ratings below `callOutBelow` are called out.
 */
export function computeScorecard(counts: ScorecardCounts, shadowCount: number, shadowDelta: number | undefined, policy: Policy): ScorecardRow[] {
  const p = policy.guardrails.scorecard.params;
  const bands = p.shareBands;
  const shareText = `share >= ${bands.map(pct).join(" / ")} rates 2 / 3 / 4 / 5, below ${pct(bands[0]!)} rates 1`;
  const wanted = p.gpuRegions.length ? p.gpuRegions.map((r) => r.toLowerCase()) : (policy.vending?.archetypes.corp.allowedRegions ?? []).map((r) => r.toLowerCase());
  const ready = wanted.filter((r) => counts.gpuQuotaRegions.includes(r));
  const row = (area: ScorecardRow["area"], title: string, rating: number | null, measure: string, thresholds: string): ScorecardRow => ({
    area, title, rating, measure, thresholds, callOut: rating !== null && rating < p.callOutBelow,
  });
  const share = (n: number, d: number) => (d === 0 ? null : n / d);
  const net = share(counts.aiServicesPrivate, counts.aiServices);
  const sec = share(counts.aiServicesSecure, counts.aiServices);
  const knownDeployer = counts.aiResources - counts.aiResourcesUnknownDeployer;
  const auto = share(counts.aiResourcesByApprovedDeployer, knownDeployer);
  const unknownNote = counts.aiResourcesUnknownDeployer > 0 ? `; ${counts.aiResourcesUnknownDeployer} with an unknown deployer, not counted` : "";
  const mr = share(counts.prodWorkloadsMultiRegion, counts.prodWorkloads);
  const secRating = sec === null ? null : Math.max(1, Math.min(5, rateShare(sec, bands) - (counts.keyVaults === 0 ? 1 : 0)));
  return [
    row("gpuReadiness", "GPU readiness", wanted.length ? rateShare(ready.length / wanted.length, bands) : null,
      `GPU quota approved in ${ready.length} of ${wanted.length} selected regions (${ready.join(", ") || "none"})`, `share of selected regions with GPU quota; ${shareText}`),
    row("networking", "Networking", net === null ? null : rateShare(net, bands),
      net === null ? "no AI services in scope" : `${counts.aiServicesPrivate} of ${counts.aiServices} AI services behind private endpoints (${pct(net)})`, shareText),
    row("security", "Security", secRating,
      sec === null ? "no AI services in scope" : `${counts.aiServicesSecure} of ${counts.aiServices} AI services with managed identity and local auth disabled (${pct(sec)}); ${counts.keyVaults} Key Vaults`,
      `${shareText}; one lower without any Key Vault`),
    row("automation", "Automation", auto === null ? null : rateShare(auto, bands),
      auto === null ? `no AI resources with a known deployer in scope${unknownNote}` : `${counts.aiResourcesByApprovedDeployer} of ${knownDeployer} AI resources created by approved pipeline identities (${pct(auto)})${unknownNote}`, shareText),
    row("shadowAi", "Shadow AI", rateCount(shadowCount, p.shadowBands),
      `${shadowCount} shadow AI resources${shadowDelta === undefined ? "" : ` (${shadowDelta >= 0 ? "+" : ""}${shadowDelta} since the previous night)`}`,
      `count <= ${p.shadowBands.join(" / ")} rates 5 / 4 / 3 / 2, more rates 1`),
    row("multiRegion", "Multi-region readiness", mr === null ? null : rateShare(mr, bands),
      mr === null ? "no production workloads judged (multiRegionReadiness off or none in scope)" : `${counts.prodWorkloadsMultiRegion} of ${counts.prodWorkloads} production workloads ready to fail over: a second region with their models and GPU quota (${pct(mr)})`, shareText),
    row("teamSkills", "Team skills", policy.scorecard.teamSkills ?? null,
      policy.scorecard.teamSkills === undefined ? "not assessed (scorecard.teamSkills in the policy)" : "self-assessed in the policy", "manual input, 1-5"),
  ];
}
