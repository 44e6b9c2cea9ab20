import type { SubscriptionFacts } from "../estate/SubscriptionFacts";
import type { VendingRequestState } from "../estate/VendingRequestState";
import type { FindingRecord } from "../store/records";
import type { BatchFacts } from "../sweep/BatchFacts";
import type { CostFacts } from "../sweep/CostFacts";
import { vendingMetrics } from "../vending/vendingMetrics";

const DAY = 86_400_000;
/** Seed 003's targets: a subscription within a day, four in five requests without a person stepping in. */
const ADOPTION_TARGETS = { provisioningHours: 24, selfServiceRate: 0.8 } as const;

export interface AdoptionBatch {
  subscriptions: SubscriptionFacts[];
  facts: Pick<BatchFacts, "resources" | "sandboxGroups">;
  costs: CostFacts;
}

export interface AdoptionMetrics {
  provisioning: { p50Hours: number | null; p95Hours: number | null; completed: number; targetHours: number; met: boolean | null };
  selfService: { rate: number | null; finished: number; target: number; met: boolean | null };
  /**
   * Sandboxes (subscriptions and resource groups) and their cost: from the latest report's cost per
   * sandbox (since its `since`, closed ones included) when it has one, else month to date from the
   * latest sweep's cost facts. `since` says which.
   */
  experiments: { count: number; currency: string; since: string | null; total: number; averagePerExperiment: number | null; items: Array<{ id: string; name: string; cost: number; status?: string }> };
  /** Model deployments (Azure OpenAI / AI Services) in production vs in experiments. */
  models: { production: number; experiments: number; other: number; byModel: Array<{ model: string; production: number; experiments: number; other: number }> };
  /** Resources with an open shadow-AI finding at the end of each of the last `days` days. */
  shadowAi: { days: string[]; counts: number[] };
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const DEPLOYMENT = "microsoft.cognitiveservices/accounts/deployments";

/**
 * Pure: seed 003's adoption metrics from what ailz already holds. Vending requests give
 * provisioning time and self-service success; the report's cost per sandbox (or the latest
 * sweep's month to date) gives the experiments and their cost; the sweep's facts give the model
 * deployments by where they run: production is a
 * Corp or Online subscription with `environment: prod` (on the deployment's account, else the
 * subscription), experiments are sandboxes and `environment` dev or test; the shadow-AI
 * findings give the daily trend.
 */
/** The report's cost per sandbox experiment (shared/report/CostAttribution.ts). */
export interface SandboxSpend {
  since: string;
  currency: string;
  rows: ReadonlyArray<{ id: string; status: string; spend: number }>;
}

export function adoptionMetrics(requests: readonly VendingRequestState[], batches: readonly AdoptionBatch[], shadowFindings: readonly FindingRecord[], now: Date, opts: { days?: number; sandboxSpend?: SandboxSpend } = {}): AdoptionMetrics {
  const days = opts.days ?? 30;
  const v = vendingMetrics(requests);
  const finished = (v.byOutcome.Completed ?? 0) + (v.byOutcome.Failed ?? 0) + (v.byOutcome.Expired ?? 0);
  const hours = (s: number | null) => (s === null ? null : round(s / 3600));
  const p95Hours = hours(v.provisioningSeconds.p95);

  const experiments: AdoptionMetrics["experiments"]["items"] = [];
  const models = new Map<string, { production: number; experiments: number; other: number }>();
  let currency = "USD";
  for (const b of batches) {
    currency = b.costs.currency;
    const subs = new Map(b.subscriptions.map((s) => [s.id.toLowerCase(), s]));
    const groups = new Set(b.facts.sandboxGroups.map((g) => g.id.toLowerCase()));
    const costOf = (sub: string, group?: string) => {
      const bySub = b.costs.bySubscription[sub] ?? {};
      return group ? (bySub[group.toLowerCase()] ?? 0) : Object.values(bySub).reduce((a, c) => a + c, 0);
    };
    for (const s of b.subscriptions) if (s.archetype === "sandbox") experiments.push({ id: `/subscriptions/${s.id}`, name: s.name || s.id, cost: round(costOf(s.id.toLowerCase())) });
    for (const g of b.facts.sandboxGroups) {
      const m = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)$/i.exec(g.id);
      if (m && subs.get(m[1]!.toLowerCase())?.archetype !== "sandbox") experiments.push({ id: g.id, name: m[2]!, cost: round(costOf(m[1]!.toLowerCase(), m[2])) });
    }
    const accountTags = new Map(b.facts.resources.filter((r) => r.type === "microsoft.cognitiveservices/accounts").map((r) => [r.id.toLowerCase(), r.tags]));
    for (const r of b.facts.resources) {
      if (r.type !== DEPLOYMENT) continue;
      const model = (r.properties.model ?? {}) as { name?: string; version?: string };
      const key = model.name ? `${model.name}${model.version ? ` ${model.version}` : ""}` : r.name;
      const sub = subs.get(r.subscriptionId.toLowerCase());
      const account = r.id.toLowerCase().replace(/\/deployments\/[^/]+$/, "");
      const env = (r.tags.environment ?? accountTags.get(account)?.environment ?? sub?.tags.environment ?? "").toLowerCase();
      const group = /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+)/i.exec(r.id)?.[1]?.toLowerCase();
      const where =
        (sub?.archetype === "corp" || sub?.archetype === "online") && env === "prod" ? "production"
        : sub?.archetype === "sandbox" || (group && groups.has(group)) || env === "dev" || env === "test" ? "experiments"
        : "other";
      const row = models.get(key) ?? { production: 0, experiments: 0, other: 0 };
      row[where]++;
      models.set(key, row);
    }
  }
  const names = new Map([...experiments.map((e) => [e.id.toLowerCase(), e.name] as const), ...batches.flatMap((b) => b.subscriptions.map((x) => [`/subscriptions/${x.id}`.toLowerCase(), x.name || x.id] as const))]);
  const spend = opts.sandboxSpend;
  const items = spend
    ? spend.rows.map((r) => ({ id: r.id, name: names.get(r.id.toLowerCase()) ?? r.id.split("/").filter(Boolean).pop() ?? r.id, cost: round(r.spend), status: r.status }))
    : experiments;
  if (spend) currency = spend.currency;
  const total = items.reduce((a, e) => a + e.cost, 0);
  const byModel = [...models].map(([model, n]) => ({ model, ...n })).sort((a, b) => b.production + b.experiments + b.other - (a.production + a.experiments + a.other) || a.model.localeCompare(b.model));

  const ends = Array.from({ length: days }, (_, i) => Math.floor(now.getTime() / DAY) * DAY + DAY - (days - 1 - i) * DAY);
  const counts = ends.map((end) => new Set(shadowFindings.filter((f) => Date.parse(f.firstSeenAt) < end && (!f.resolvedAt || Date.parse(f.resolvedAt) >= end)).map((f) => f.resourceId.toLowerCase())).size);

  return {
    provisioning: { p50Hours: hours(v.provisioningSeconds.p50), p95Hours, completed: v.provisioningSeconds.count, targetHours: ADOPTION_TARGETS.provisioningHours, met: p95Hours === null ? null : p95Hours < ADOPTION_TARGETS.provisioningHours },
    selfService: { rate: v.selfServiceSuccessRate === null ? null : round(v.selfServiceSuccessRate, 3), finished, target: ADOPTION_TARGETS.selfServiceRate, met: v.selfServiceSuccessRate === null ? null : v.selfServiceSuccessRate > ADOPTION_TARGETS.selfServiceRate },
    experiments: { count: items.length, currency, since: spend ? spend.since : null, total: round(total), averagePerExperiment: items.length ? round(total / items.length) : null, items: items.sort((a, b) => b.cost - a.cost) },
    models: { production: byModel.reduce((a, m) => a + m.production, 0), experiments: byModel.reduce((a, m) => a + m.experiments, 0), other: byModel.reduce((a, m) => a + m.other, 0), byModel },
    shadowAi: { days: ends.map((e) => new Date(e - 1).toISOString().slice(0, 10)), counts },
  };
}
