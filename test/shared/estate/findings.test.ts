import { describe, expect, it } from "vitest";
import { findingId } from "../../../shared/estate/findingId";
import { foldFinding, resolveFinding } from "../../../shared/estate/foldFinding";
import { Finding } from "../../../shared/estate/Finding";
import type { Decision } from "../../../shared/estate/Decision";

const rid = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/oai";
const flag: Decision = { guardrail: "aiHardening", resourceId: rid, verdict: "flag", rule: "publicNetworkAccess", reason: "public", evidence: {}, dryRun: true };
const t1 = new Date("2025-01-01T00:00:00Z");
const t2 = new Date("2025-01-02T00:00:00Z");

describe("findings", () => {
  it("finding ids are deterministic, case-insensitive in the resource id, distinct per rule", () => {
    expect(findingId("aiHardening", rid, "localAuth")).toBe(findingId("aiHardening", rid.toUpperCase(), "localAuth"));
    expect(findingId("aiHardening", rid, "localAuth")).not.toBe(findingId("aiHardening", rid, "publicNetworkAccess"));
    expect(findingId("a", rid)).toMatch(/^[0-9a-f]{32}$/);
  });

  it("opens, keeps firstSeen, resolves on ok, reopens later", () => {
    const open = Finding.parse(foldFinding(undefined, flag, t1));
    expect(open).toMatchObject({ status: "open", firstSeen: t1.toISOString(), subscriptionId: "s1", id: findingId("aiHardening", rid, "publicNetworkAccess") });
    const again = foldFinding(open, flag, t2)!;
    expect(again.firstSeen).toBe(t1.toISOString());
    expect(again.lastSeen).toBe(t2.toISOString());
    const resolved = foldFinding(again, { ...flag, verdict: "ok", reason: "fixed" }, t2)!;
    expect(resolved).toMatchObject({ status: "resolved", resolution: "fixed", resolvedAt: t2.toISOString() });
    expect(foldFinding(resolved, flag, new Date("2025-02-01T00:00:00Z"))!.firstSeen).toBe("2025-02-01T00:00:00.000Z");
  });

  it("an ok decision without a finding records nothing; resolveFinding is idempotent", () => {
    expect(foldFinding(undefined, { ...flag, verdict: "ok" }, t1)).toBeUndefined();
    const open = foldFinding(undefined, flag, t1)!;
    const gone = resolveFinding(open, t2, "resource deleted");
    expect(resolveFinding(gone, new Date("2025-03-01T00:00:00Z"), "again")).toBe(gone);
  });
});
