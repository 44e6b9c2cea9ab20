import { describe, expect, it } from "vitest";
import { decide, type DecideFacts } from "../../../shared/engine/decide";
import { Exemption } from "../../../shared/estate/Exemption";
import type { Decision } from "../../../shared/estate/Decision";
import { SubscriptionFacts } from "../../../shared/estate/SubscriptionFacts";
import { Policy } from "../../../shared/config/Policy";
import { examplePolicy } from "../fixtures/policy";
import { CORP_SUB } from "../fixtures/ids";

const OTHER = "0ther000-0000-4000-8000-000000000000";
const rg = `/subscriptions/${CORP_SUB}/resourceGroups/rg-app`;
const vmId = `${rg}/providers/Microsoft.Compute/virtualMachines/vm1`;
const decision = (o: Partial<Decision> = {}): Decision => ({ guardrail: "shadowAi", resourceId: vmId, verdict: "act", reason: "r", evidence: {}, dryRun: false, action: { type: "deallocate", vmId }, ...o });
const day = (s: string) => new Date(`${s}T12:00:00Z`);
const corp = SubscriptionFacts.parse({ id: CORP_SUB, managementGroupPath: ["alz", "landingzones", "corp"], archetype: "corp" });
const facts = (o: Partial<DecideFacts> = {}): DecideFacts => ({ subscriptionOf: (id) => (id === CORP_SUB ? corp : undefined), tagsOf: () => undefined, exemptions: [], ...o });
const withGuardrail = (name: string, entry: Record<string, unknown>): Policy => {
  const input = structuredClone(examplePolicy()) as unknown as { guardrails: Record<string, object> };
  input.guardrails[name] = { ...input.guardrails[name], ...entry };
  return Policy.parse(input);
};

describe("decide", () => {
  const rgExemption = Exemption.parse({ id: "e1", scope: rg, guardrails: ["shadowAi"], until: "2025-06-30", ref: "CHG-1", justification: "GPU pilot" });

  it("sets dryRun from the mode and drops what is off", () => {
    const enforce = withGuardrail("shadowAi", { mode: "enforce" });
    expect(decide([decision({ dryRun: true })], enforce, day("2025-06-01"), facts()).decisions[0]!.dryRun).toBe(false);
    const dry = withGuardrail("shadowAi", { mode: "dryRun" });
    expect(decide([decision()], dry, day("2025-06-01"), facts()).decisions[0]!.dryRun).toBe(true);
    const off = decide([decision()], withGuardrail("shadowAi", { mode: "off" }), day("2025-06-01"), facts());
    expect(off.decisions).toEqual([]);
    expect(off.excluded.map((x) => x.why)).toEqual(["off"]);
  });

  it("decides nothing outside the scope: subscriptions, management groups through the ancestry, exclusions", () => {
    const elsewhere = decision({ resourceId: `/subscriptions/${OTHER}/resourceGroups/x/providers/Microsoft.Compute/virtualMachines/v` });
    const bySub = withGuardrail("shadowAi", { scope: { subscriptions: [CORP_SUB] } });
    expect(decide([decision(), elsewhere], bySub, day("2025-06-01"), facts()).decisions.map((d) => d.resourceId)).toEqual([vmId]);
    const byMg = withGuardrail("shadowAi", { scope: { managementGroups: ["corp"] } });
    const r = decide([decision(), elsewhere], byMg, day("2025-06-01"), facts());
    expect(r.decisions.map((d) => d.resourceId)).toEqual([vmId]);
    expect(r.excluded).toEqual([{ decision: elsewhere, why: "scope" }]);
    const excluded = withGuardrail("shadowAi", { scope: { managementGroups: ["alz"], excludeSubscriptions: [CORP_SUB] } });
    expect(decide([decision()], excluded, day("2025-06-01"), facts()).decisions).toEqual([]);
  });

  it("applies an API exemption on the group through its last day, and not after", () => {
    const [d] = decide([decision()], examplePolicy(), day("2025-06-30"), facts({ exemptions: [rgExemption] })).decisions;
    expect(d!.exemption).toEqual({ exemptionId: "e1", scope: rg, ref: "CHG-1", until: "2025-06-30", source: "api" });
    expect(decide([decision()], examplePolicy(), day("2025-07-01"), facts({ exemptions: [rgExemption] })).decisions[0]!.exemption).toBeUndefined();
  });

  it("honours an exact expiresAt", () => {
    const e = Exemption.parse({ ...rgExemption, expiresAt: "2025-06-30T10:00:00Z" });
    expect(decide([decision()], examplePolicy(), day("2025-06-30"), facts({ exemptions: [e] })).decisions[0]!.exemption).toBeUndefined();
  });

  it("matches a management-group exemption through the subscription's ancestry, and '*'", () => {
    const mg = Exemption.parse({ id: "e2", scope: "/providers/Microsoft.Management/managementGroups/corp", guardrails: ["*"], until: "2026-01-01", ref: "R" });
    expect(decide([decision({ guardrail: "aiHardening" })], examplePolicy(), day("2025-06-01"), facts({ exemptions: [mg] })).decisions[0]!.exemption?.exemptionId).toBe("e2");
  });

  it("reads ailz-exempt tags on the resource, its group and its subscription", () => {
    const tag = { "ailz-exempt": "shadowAi;until=2025-12-31;ref=CHG-7" };
    for (const where of ["resource", "group", "subscription"] as const) {
      const f = facts({
        tagsOf: (id) => (where === "resource" && id === vmId.toLowerCase()) || (where === "group" && id === rg.toLowerCase()) ? tag : undefined,
        subscriptionOf: (id) => (id === CORP_SUB ? { ...corp, tags: where === "subscription" ? tag : {} } : undefined),
      });
      const [d] = decide([decision()], examplePolicy(), day("2025-06-01"), f).decisions;
      expect(d!.exemption, where).toMatchObject({ ref: "CHG-7", until: "2025-12-31", source: "tag" });
    }
  });

  it("an unreadable tag exempts nothing and says why in the evidence; ok decisions are never exempted", () => {
    const f = facts({ tagsOf: (id) => (id === vmId.toLowerCase() ? { "ailz-exempt": "shadowAi;until=someday" } : undefined) });
    const [d] = decide([decision()], examplePolicy(), day("2025-06-01"), f).decisions;
    expect(d!.exemption).toBeUndefined();
    expect(String(d!.evidence["exemptTagError"])).toContain("ref=<ticket> is missing");
    expect(decide([decision({ verdict: "ok" })], examplePolicy(), day("2025-06-01"), facts({ exemptions: [rgExemption] })).decisions[0]!.exemption).toBeUndefined();
  });

  it("the longest-lasting exemption wins", () => {
    const later = Exemption.parse({ ...rgExemption, id: "e3", until: "2025-09-30", ref: "CHG-3" });
    expect(decide([decision()], examplePolicy(), day("2025-06-01"), facts({ exemptions: [rgExemption, later] })).decisions[0]!.exemption?.ref).toBe("CHG-3");
  });
});
