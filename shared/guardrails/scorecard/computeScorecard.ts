import type { ResourceFacts } from "../../estate/ResourceFacts";
import type { Policy } from "../../config/Policy";
import { AI_SERVICE_KINDS, aiResourceKind } from "../aiResourceKind";
import { approvedDeployerFor } from "../approvedDeployerFor";
import { callerFromSystemData } from "../callerFromSystemData";
import { truthy } from "../truthy";
import { rateCount, rateShare } from "./rateShare";
import type { ScorecardDimension, ScorecardRow } from "./ScorecardRow";

export interface ScorecardFacts {
  /** Every AI resource in scope (GPU compute and AI services). */
  aiResources: ResourceFacts[];
  /** Subscriptions that hold at least one Key Vault. */
  keyVaultSubscriptionIds: string[];
  /** Approved GPU quota (limits) by region and family. */
  gpuQuota: { location: string; family: string; limit: number }[];
  shadowCount: number;
  /** Last night's shadow count, for the trend. */
  previousShadowCount?: number;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * The Diagnostic-phase readiness scorecard, 1-5 per row. Shares rate by
 * `params.shareBands` (default: <25% -> 1, 25% -> 2, 50% -> 3, 70% -> 4, 90% -> 5):
 * - GPU readiness: share of `gpuRegions` with approved GPU quota (> 0 cores);
 * - networking: share of AI services (accounts, ML workspaces, Search) with a private endpoint;
 * - security: mean of the shares with managed identity, with local auth disabled, and of AI
 *   subscriptions that use a Key Vault;
 * - automation: share of AI resources created by approved deployer identities;
 * - shadow AI: count by `params.shadowBands` (default 0 -> 5, <=2 -> 4, <=5 -> 3, <=10 -> 2,
 *   else 1), one lower when rising since the previous night;
 * - team skills: `scorecard.teamSkills` from the policy.
 * No subjects to measure rates a neutral 3. Rows below `callOutBelow` are called out.
 */
export function computeScorecard(facts: ScorecardFacts, policy: Policy): ScorecardRow[] {
  const p = policy.guardrails.scorecard.params;
  const row = (dimension: ScorecardDimension, score: number | null, value: number | null, detail: string, source: "estate" | "manual" = "estate"): ScorecardRow => ({
    dimension,
    score,
    value,
    detail,
    source,
    calledOut: score !== null && score < p.callOutBelow,
  });
  const share = (dimension: ScorecardDimension, num: number, den: number, what: string) =>
    den === 0 ? row(dimension, 3, null, `no ${what} to measure`) : row(dimension, rateShare(num / den, p.shareBands), num / den, `${num} of ${den} ${what} (${pct(num / den)})`);

  const gpuRegions = p.gpuRegions.length > 0 ? p.gpuRegions : (policy.vending?.archetypes.corp.allowedRegions ?? []);
  const gpuFamilies = policy.gpuFamilies.quotaFamilies.map((f) => f.toLowerCase());
  const ready = gpuRegions.filter((r) =>
    facts.gpuQuota.some((q) => q.location.toLowerCase() === r.toLowerCase() && q.limit > 0 && (gpuFamilies.length === 0 || gpuFamilies.includes(q.family.toLowerCase()))),
  );

  const services = facts.aiResources.filter((r) => {
    const k = aiResourceKind(r, policy);
    return k !== undefined && AI_SERVICE_KINDS.has(k);
  });
  const withPe = services.filter((r) => Array.isArray(r.properties["privateEndpointConnections"]) && (r.properties["privateEndpointConnections"] as unknown[]).length > 0);
  const withMi = services.filter((r) => (r.identity?.type ?? "None").toLowerCase() !== "none");
  const noKeys = services.filter((r) => truthy(r.properties["disableLocalAuth"]));
  const aiSubs = [...new Set(facts.aiResources.map((r) => r.subscriptionId.toLowerCase()))];
  const kvSubs = new Set(facts.keyVaultSubscriptionIds.map((s) => s.toLowerCase()));
  const withKv = aiSubs.filter((s) => kvSubs.has(s));
  const securityShares = services.length === 0 ? [] : [withMi.length / services.length, noKeys.length / services.length, aiSubs.length ? withKv.length / aiSubs.length : 0];
  const security =
    securityShares.length === 0
      ? row("security", 3, null, "no AI services to measure")
      : (() => {
          const mean = securityShares.reduce((a, b) => a + b, 0) / securityShares.length;
          return row("security", rateShare(mean, p.shareBands), mean, `managed identity ${pct(securityShares[0]!)}, local auth disabled ${pct(securityShares[1]!)}, Key Vault in ${withKv.length} of ${aiSubs.length} AI subscriptions`);
        })();
  const automated = facts.aiResources.filter((r) => approvedDeployerFor(callerFromSystemData(r), policy));

  const rising = facts.previousShadowCount !== undefined && facts.shadowCount > facts.previousShadowCount;
  const trend = facts.previousShadowCount === undefined ? "no previous night" : `${facts.shadowCount - facts.previousShadowCount >= 0 ? "+" : ""}${facts.shadowCount - facts.previousShadowCount} since the previous night`;
  const shadowScore = Math.max(1, rateCount(facts.shadowCount, p.shadowBands) - (rising ? 1 : 0));
  const skills = policy.scorecard.teamSkills;

  return [
    gpuRegions.length === 0
      ? row("gpuReadiness", 3, null, "no GPU regions selected")
      : row("gpuReadiness", rateShare(ready.length / gpuRegions.length, p.shareBands), ready.length / gpuRegions.length, `GPU quota approved in ${ready.length} of ${gpuRegions.length} regions (${ready.join(", ") || "none"})`),
    share("networking", withPe.length, services.length, "AI services behind private endpoints"),
    security,
    share("automation", automated.length, facts.aiResources.length, "AI resources created by approved deployers"),
    row("shadowAi", shadowScore, facts.shadowCount, `${facts.shadowCount} shadow AI resources, ${trend}`),
    skills === undefined ? row("teamSkills", null, null, "not entered (scorecard.teamSkills)", "manual") : row("teamSkills", skills, skills, "self-assessed", "manual"),
  ];
}
