import { describe, expect, it } from "vitest";
import type { ActionContext } from "../../../shared/actions/ActionContext";
import { executeDecision } from "../../../shared/actions/executeDecision";
import { actionRegistry, describeAction } from "../../../shared/actions/actionRegistry";
import { Action as ActionSchema, type Action } from "../../../shared/estate/Action";
import type { Decision } from "../../../shared/estate/Decision";
import { createMemoryStores } from "../../support/memory/createMemoryStores";
import { aoaiId, fakeAzure, gpuVm, openAiAccount, vmId } from "../enforce/fakes";

function setup() {
  const stores = createMemoryStores({ now: () => Date.parse("2025-01-15T10:00:00Z") });
  const azure = fakeAzure();
  const ctx: ActionContext = { azure, sandboxActivity: stores.sandboxActivity, now: () => new Date("2025-01-15T10:00:00Z"), audit: stores.audit, actor: "ailz", correlationId: "evt-1", rootManagementGroupId: "alz" };
  const put = (r: ReturnType<typeof gpuVm>) => azure.resources.set(r.id.toLowerCase(), structuredClone(r));
  return { stores, azure, ctx, put };
}

const decision = (resourceId: string, action: Action, extra: Partial<Decision> = {}): Decision => ({
  guardrail: "g", resourceId, verdict: "act", action, reason: "because", evidence: {}, dryRun: false, rule: "r", ...extra,
});

describe("executeDecision", () => {
  it("addTags adds only missing tags (case-insensitive names) and never rewrites a present one", async () => {
    const { azure, ctx, put } = setup();
    put(gpuVm("v1", { tags: { Owner: "someone@contoso.com" } }));
    const { result } = await executeDecision(decision(vmId("v1"), { type: "addTags", tags: { owner: "dana@contoso.com", "created-by": "dana@contoso.com" } }), ctx);
    expect(result?.outcome).toBe("succeeded");
    expect(azure.resources.get(vmId("v1").toLowerCase())!.tags).toEqual({ Owner: "someone@contoso.com", "created-by": "dana@contoso.com" });
    const again = await executeDecision(decision(vmId("v1"), { type: "addTags", tags: { owner: "x" } }), { ...ctx, correlationId: "evt-2" });
    expect(again.result?.noop).toBe(true);
    expect(azure.calls.filter((c) => c.startsWith("mergeTags"))).toHaveLength(1);
  });

  it("the marker tag is idempotent: an equal value is not written again", async () => {
    const { azure, ctx, put } = setup();
    put(gpuVm("v2"));
    await executeDecision(decision(vmId("v2"), { type: "tag", tags: { "ailz-finding": "shadowAi/x" } }), ctx);
    const second = await executeDecision(decision(vmId("v2"), { type: "tag", tags: { "ailz-finding": "shadowAi/x" } }), { ...ctx, correlationId: "evt-2" });
    expect(second.result?.noop).toBe(true);
    expect(azure.calls.filter((c) => c.startsWith("mergeTags"))).toHaveLength(1);
  });

  it("a ReadOnly lock blocks tags and hardening (reported as skipped, audit says why); CanNotDelete does not block writes", async () => {
    const { azure, ctx, put, stores } = setup();
    put(openAiAccount("a1", "Enabled"));
    azure.lockMap.set(aoaiId("a1").toLowerCase(), [{ id: "l", name: "keep", level: "CanNotDelete" }]);
    const ok = await executeDecision(decision(aoaiId("a1"), { type: "disablePublicNetworkAccess", resourceType: "microsoft.cognitiveservices/accounts" }), ctx);
    expect(ok.result).toMatchObject({ outcome: "succeeded", before: { publicNetworkAccess: "Enabled" }, after: { publicNetworkAccess: "Disabled" } });

    put(openAiAccount("a2", "Enabled"));
    azure.lockMap.set(aoaiId("a2").toLowerCase(), [{ id: "l", name: "freeze", level: "ReadOnly" }]);
    const locked = await executeDecision(decision(aoaiId("a2"), { type: "disablePublicNetworkAccess", resourceType: "microsoft.cognitiveservices/accounts" }), { ...ctx, correlationId: "evt-3" });
    expect(locked.result?.outcome).toBe("skipped");
    const entry = (await stores.audit.query({ resourceId: aoaiId("a2") })).find((a) => a.action === "action.disablePublicNetworkAccess");
    expect(entry?.outcome).toBe("skipped");
    expect(entry?.reason).toContain("ReadOnly lock freeze");
    expect(azure.resources.get(aoaiId("a2").toLowerCase())!.properties!.publicNetworkAccess).toBe("Enabled");
    // Already in the target state: nothing to force, so the lock does not matter.
    const noop = await executeDecision(decision(aoaiId("a2"), { type: "disableLocalAuth", resourceType: "microsoft.cognitiveservices/accounts" }), { ...ctx, correlationId: "evt-4" });
    expect(noop.result?.noop).toBe(true);
  });

  it("dry run records what would have been done and changes nothing", async () => {
    const { azure, ctx, put, stores } = setup();
    put(gpuVm("v3"));
    const { result } = await executeDecision(decision(vmId("v3"), { type: "deallocate", vmId: vmId("v3") }, { dryRun: true }), ctx);
    expect(result).toMatchObject({ outcome: "skipped", note: `dry run: would deallocate VM ${vmId("v3")}` });
    expect(azure.calls).toEqual([]);
    const audit = await stores.audit.query({ resourceId: vmId("v3") });
    expect(audit.map((a) => a.action).sort()).toEqual(["action.deallocate", "decision"]);
    expect(audit.every((a) => a.dryRun)).toBe(true);
  });

  it("audit entries are idempotent per trigger: replaying the same event writes nothing new", async () => {
    const { ctx, put, stores } = setup();
    put(gpuVm("v4"));
    const d = decision(vmId("v4"), { type: "deallocate", vmId: vmId("v4") });
    await executeDecision(d, ctx);
    await executeDecision(d, ctx);
    expect(await stores.audit.query({ resourceId: vmId("v4") })).toHaveLength(2);
  });

  it("one dispatcher runs every action type, from either path; a lock on a group is reported, never forced", async () => {
    const { ctx, azure } = setup();
    const rg = "/subscriptions/s/resourceGroups/rg";
    const deleted: string[] = [];
    const withGroup = { ...ctx, azure: { ...azure, resourceGroupExists: async () => true, deleteResourceGroup: async (id: string) => void deleted.push(id) } };
    azure.lockMap.set(rg.toLowerCase(), [{ id: `${rg}/providers/Microsoft.Authorization/locks/keep`, name: "keep", level: "CanNotDelete" }]);
    const locked = await executeDecision(decision(rg, { type: "deleteResourceGroup", resourceGroupId: rg }), withGroup);
    expect(locked.result).toMatchObject({ outcome: "skipped" });
    expect(locked.result?.note).toContain("CanNotDelete lock keep");
    azure.lockMap.clear();
    const done = await executeDecision(decision(rg, { type: "deleteResourceGroup", resourceGroupId: rg }), { ...withGroup, correlationId: "evt-2" });
    expect(done.result?.outcome).toBe("succeeded");
    expect(deleted).toEqual([rg]);
    for (const option of ActionSchema.options) expect(actionRegistry[option.shape.type.value].schema).toBe(option);
    expect(describeAction({ type: "recordActivity", sandboxId: "/subscriptions/s", at: "2025-01-01T00:00:00Z" }, "x")).toContain("sandbox /subscriptions/s");
  });

  it("recordActivity keeps the newest activity only", async () => {
    const { ctx, stores } = setup();
    const d = (at: string) => decision("/subscriptions/s", { type: "recordActivity", sandboxId: "/subscriptions/s", at }, { verdict: "ok", evidence: { writtenResourceId: "/subscriptions/s/resourceGroups/rg/providers/x/y/z" } });
    await executeDecision(d("2025-01-15T09:00:00Z"), ctx);
    const older = await executeDecision(d("2025-01-14T09:00:00Z"), { ...ctx, correlationId: "evt-2" });
    expect(older.result?.noop).toBe(true);
    expect((await stores.sandboxActivity.last("/subscriptions/s"))?.at).toBe("2025-01-15T09:00:00Z");
  });
});
