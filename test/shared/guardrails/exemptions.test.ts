import { describe, expect, it } from "vitest";
import { applyExemptions, exemptionFromTags, ExemptionTagError, parseExemptTag } from "../../../shared/guardrails/exemptions";
import { Exemption } from "../../../shared/estate/Exemption";
import type { Decision } from "../../../shared/estate/Decision";
import { CORP_SUB } from "../fixtures/ids";

const vmId = `/subscriptions/${CORP_SUB}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm1`;
const decision = (o: Partial<Decision> = {}): Decision => ({ guardrail: "shadowAi", resourceId: vmId, verdict: "act", reason: "r", evidence: {}, dryRun: false, action: { type: "deallocate", vmId }, ...o });
const day = (s: string) => new Date(`${s}T12:00:00Z`);

describe("parseExemptTag", () => {
  it("reads guardrails, until and ref in any order", () => {
    const e = parseExemptTag("shadowAi, aiHardening;ref=CHG-42;until=2025-12-31", vmId);
    expect(e).toMatchObject({ guardrails: ["shadowAi", "aiHardening"], until: "2025-12-31", ref: "CHG-42", scope: vmId, source: "tag" });
  });

  it("lists every problem in one clear error", () => {
    try {
      parseExemptTag("shadowAI;until=2025-02-30;color=red", vmId);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ExemptionTagError);
      const m = (e as Error).message;
      expect(m).toContain('unknown guardrail "shadowAI"');
      expect(m).toContain('until "2025-02-30" is not a date');
      expect(m).toContain('unknown part "color=red"');
      expect(m).toContain("ref=<ticket> is missing");
    }
  });

  it("exemptionFromTags returns the error instead of throwing, nothing when untagged", () => {
    expect(exemptionFromTags({ "AILZ-EXEMPT": "*;until=2025-01-01" }, vmId).error).toContain("ref=<ticket> is missing");
    expect(exemptionFromTags({ owner: "x" }, vmId)).toEqual({});
  });
});

describe("applyExemptions", () => {
  const rgExemption = Exemption.parse({ id: "e1", scope: `/subscriptions/${CORP_SUB}/resourceGroups/rg-app`, guardrails: ["shadowAi"], until: "2025-06-30", ref: "CHG-1", justification: "GPU pilot" });

  it("marks decisions under an active exemption's scope, through the last day inclusive", () => {
    const [d] = applyExemptions([decision()], [rgExemption], day("2025-06-30"));
    expect(d!.exemption).toMatchObject({ exemptionId: "e1", ref: "CHG-1", until: "2025-06-30" });
    expect(d!.reason).toContain("exempt until 2025-06-30, ref CHG-1: GPU pilot");
  });

  it("matches a management-group scope through the subscription's path and '*'", () => {
    const mg = Exemption.parse({ id: "e2", scope: "/providers/Microsoft.Management/managementGroups/corp", guardrails: ["*"], until: "2026-01-01", ref: "R" });
    const [d] = applyExemptions([decision({ guardrail: "aiHardening" })], [mg], day("2025-06-01"), () => ["alz", "landingzones", "corp"]);
    expect(d!.exemption?.exemptionId).toBe("e2");
  });

  it("does not apply when expired, for another guardrail, another scope, or to ok decisions", () => {
    expect(applyExemptions([decision()], [rgExemption], day("2025-07-01"))[0]!.exemption).toBeUndefined();
    expect(applyExemptions([decision({ guardrail: "requiredTags" })], [rgExemption], day("2025-06-01"))[0]!.exemption).toBeUndefined();
    const other = decision({ resourceId: `/subscriptions/${CORP_SUB}/resourceGroups/rg-app2/providers/x/y/z` });
    expect(applyExemptions([other], [rgExemption], day("2025-06-01"))[0]!.exemption).toBeUndefined();
    expect(applyExemptions([decision({ verdict: "ok" })], [rgExemption], day("2025-06-01"))[0]!.exemption).toBeUndefined();
  });
});

describe("ExemptionRequest", () => {
  it("names the bad field", async () => {
    const { ExemptionRequest } = await import("../../../shared/guardrails/exemptions");
    const r = ExemptionRequest.safeParse({ scope: vmId, guardrails: ["shadowAi", "nope"], until: "2025-13-01", ref: "R", justification: "j" });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join("."))).toEqual(["guardrails.1", "until"]);
    expect(ExemptionRequest.safeParse({ scope: vmId, guardrails: ["*"], until: "2025-12-01", ref: "R", justification: "j" }).success).toBe(true);
  });
});
