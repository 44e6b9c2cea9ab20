import { describe, expect, it } from "vitest";
import { isSandboxFlagged, SandboxState } from "../../../shared/estate/SandboxState";
import { isQuotaKept, QuotaReclaimState } from "../../../shared/estate/QuotaReclaimState";
import { isVendingFailed, isVendingTerminal, VendingRequestState } from "../../../shared/estate/VendingRequestState";
import { Decision } from "../../../shared/estate/Decision";

const at = "2025-01-01T00:00:00Z";

describe("lifecycle states", () => {
  it("sandbox: each status requires its own fields", () => {
    const flagged = SandboxState.parse({ status: "Flagged", id: "/subscriptions/s", kind: "subscription", lastActivityAt: at, updatedAt: at, flaggedAt: at });
    expect(isSandboxFlagged(flagged)).toBe(true);
    expect(flagged.extensions).toBe(0);
    const r = SandboxState.safeParse({ status: "Flagged", id: "/subscriptions/s", kind: "subscription", lastActivityAt: at, updatedAt: at });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(["flaggedAt"]);
  });

  it("quota reclaim and vending unions discriminate on status", () => {
    const kept = QuotaReclaimState.parse({ status: "Kept", id: "k", subscriptionId: "s", location: "eastus2", family: "f", limit: 10, peakUsage: 0, targetLimit: 0, updatedAt: at, keptAt: at, keptBy: "alice", reason: "r", keptUntil: at });
    expect(isQuotaKept(kept)).toBe(true);
    expect(QuotaReclaimState.safeParse({ ...kept, status: "Paused" }).success).toBe(false);
    const request = { workloadName: "chatbot", archetype: "corp", environment: "dev", owners: ["alice@contoso.com"], costCenter: "cc", budget: { amount: 100 }, regions: { primary: "eastus2" } };
    const failed = VendingRequestState.parse({ status: "Failed", id: "r1", idempotencyKey: "k1", request, requestedBy: "alice", createdAt: at, updatedAt: at, failedAt: at, failedStep: "network", error: { code: "Conflict", message: "overlap" } });
    expect(isVendingFailed(failed) && isVendingTerminal(failed)).toBe(true);
    expect(failed.request.gpuQuota).toEqual([]);
    expect(VendingRequestState.safeParse({ ...failed, request: { ...request, workloadName: "Bad Name" } }).error!.issues[0]!.path).toEqual(["request", "workloadName"]);
  });

  it("decision actions are a discriminated union checked per type", () => {
    const ok = Decision.safeParse({ guardrail: "g", resourceId: "r", verdict: "act", reason: "x", dryRun: true, action: { type: "deallocate", vmId: "v" } });
    expect(ok.success).toBe(true);
    const bad = Decision.safeParse({ guardrail: "g", resourceId: "r", verdict: "act", reason: "x", dryRun: true, action: { type: "createBudget", scope: "s", name: "n", amount: 1, notifications: Array(6).fill({ threshold: 50, thresholdType: "Actual" }) } });
    expect(bad.success).toBe(false);
  });
});
