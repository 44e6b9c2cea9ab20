import { describe, expect, it } from "vitest";
import { ExemptionTagError } from "../../../shared/engine/exemptions/ExemptionTagError";
import { exemptionFromTags, parseExemptTag } from "../../../shared/engine/exemptions/parseExemptTag";
import { CORP_SUB } from "../fixtures/ids";

const vmId = `/subscriptions/${CORP_SUB}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm1`;

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
