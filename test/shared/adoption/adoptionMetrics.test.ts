import { describe, expect, it } from "vitest";
import { adoptionMetrics, type AdoptionBatch } from "../../../shared/adoption/adoptionMetrics";
import { ResourceFacts } from "../../../shared/estate/ResourceFacts";
import { SubscriptionFacts } from "../../../shared/estate/SubscriptionFacts";
import { VendingRequestState } from "../../../shared/estate/VendingRequestState";
import { FindingRecord } from "../../../shared/store/records";

const request = { workloadName: "chatbot", archetype: "corp", environment: "dev", owners: ["alice@contoso.com"], costCenter: "cc", budget: { amount: 100 }, regions: { primary: "eastus2" } };
const t0 = "2026-11-01T00:00:00Z";
const plus = (h: number) => new Date(Date.parse(t0) + h * 3_600_000).toISOString();
const completed = (id: string, hours: number, manual = false) =>
  VendingRequestState.parse({ status: "Completed", id, idempotencyKey: id, request, requestedBy: "alice", createdAt: t0, updatedAt: plus(hours), completedAt: plus(hours), subscriptionId: "s", manualIntervention: manual });

const PROD = "00000000-0000-4000-8000-000000000001";
const SANDBOX = "00000000-0000-4000-8000-000000000002";
const DEV = "00000000-0000-4000-8000-000000000003";
const deployment = (sub: string, account: string, name: string, model: string, tags: Record<string, string> = {}) =>
  ResourceFacts.parse({ id: `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/${account}/deployments/${name}`, name, type: "Microsoft.CognitiveServices/accounts/deployments", subscriptionId: sub, tags, properties: { model: { format: "OpenAI", name: model, version: "2024-08-06" } } });
const account = (sub: string, name: string, tags: Record<string, string>) =>
  ResourceFacts.parse({ id: `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/${name}`, name, type: "Microsoft.CognitiveServices/accounts", subscriptionId: sub, tags });

const batch: AdoptionBatch = {
  subscriptions: [
    SubscriptionFacts.parse({ id: PROD, name: "corp-prod", archetype: "corp", tags: { environment: "prod" } }),
    SubscriptionFacts.parse({ id: SANDBOX, name: "sbx-alice", archetype: "sandbox" }),
    SubscriptionFacts.parse({ id: DEV, name: "corp-dev", archetype: "corp", tags: { environment: "dev" } }),
  ],
  facts: {
    resources: [account(PROD, "aoai-prod", {}), deployment(PROD, "aoai-prod", "chat", "gpt-4o"), deployment(SANDBOX, "aoai-sbx", "try", "gpt-4o"), deployment(DEV, "aoai-dev", "emb", "text-embedding-3-large"), deployment(PROD, "aoai-prod", "exp", "gpt-4o-mini", { environment: "test" })],
    sandboxGroups: [{ id: `/subscriptions/${DEV}/resourceGroups/rg-sbx-bob`, tags: { sandbox: "true" } }],
  },
  costs: { periodStart: "2026-11-01", daysWithData: 10, daysInPeriod: 30, currency: "USD", bySubscription: { [SANDBOX]: { rg1: 30, rg2: 10.5 }, [DEV]: { "rg-sbx-bob": 20, rg: 999 } }, recentDaily: {}, recentDays: 7 },
};

describe("adoptionMetrics", () => {
  it("measures provisioning and self-service against seed 003's targets, experiments with their cost, and models by where they run", () => {
    const m = adoptionMetrics([completed("a", 2), completed("b", 30), completed("c", 1, true)], [batch], [], new Date("2026-11-20T12:00:00Z"));
    expect(m.provisioning).toMatchObject({ p50Hours: 2, p95Hours: 30, completed: 3, targetHours: 24, met: false });
    expect(m.selfService).toMatchObject({ rate: 0.667, finished: 3, target: 0.8, met: false });
    expect(m.experiments).toMatchObject({ count: 2, since: null, total: 60.5, averagePerExperiment: 30.25, currency: "USD" });
    expect(m.experiments.items.map((e) => [e.name, e.cost])).toEqual([["sbx-alice", 40.5], ["rg-sbx-bob", 20]]);
    expect(m.models).toMatchObject({ production: 1, experiments: 3, other: 0 });
    expect(m.models.byModel.find((x) => x.model === "gpt-4o 2024-08-06")).toMatchObject({ production: 1, experiments: 1 });
  });

  it("takes the report's cost per sandbox when there is one: closed experiments count, names from the sweep", () => {
    const m = adoptionMetrics([], [batch], [], new Date("2026-11-20T12:00:00Z"), { sandboxSpend: { since: "2026-09-01", currency: "EUR", rows: [{ id: `/subscriptions/${SANDBOX}`, status: "Active", spend: 140.5 }, { id: `/subscriptions/${DEV}/resourceGroups/rg-sbx-old`, status: "Decommissioned", spend: 59.5 }] } });
    expect(m.experiments).toMatchObject({ count: 2, since: "2026-09-01", currency: "EUR", total: 200, averagePerExperiment: 100 });
    expect(m.experiments.items.map((e) => [e.name, e.status])).toEqual([["sbx-alice", "Active"], ["rg-sbx-old", "Decommissioned"]]);
  });

  it("counts shadow-AI resources open at the end of each day; no data is no verdict", () => {
    const f = (id: string, first: string, resolved?: string) => FindingRecord.parse({ guardrail: "shadowAi", resourceId: id, rule: "unapprovedDeployer", reason: "r", firstSeenAt: first, lastSeenAt: first, ...(resolved ? { status: "resolved", resolvedAt: resolved } : {}) });
    const m = adoptionMetrics([], [], [f("/x/a", "2026-11-18T10:00:00Z"), f("/x/a", "2026-11-18T10:00:00Z", undefined), f("/x/b", "2026-11-19T10:00:00Z", "2026-11-20T01:00:00Z")], new Date("2026-11-20T12:00:00Z"), { days: 3 });
    expect(m.shadowAi).toEqual({ days: ["2026-11-18", "2026-11-19", "2026-11-20"], counts: [1, 2, 1] });
    expect(m.provisioning.met).toBeNull();
    expect(m.selfService.met).toBeNull();
    expect(m.experiments.averagePerExperiment).toBeNull();
  });
});
