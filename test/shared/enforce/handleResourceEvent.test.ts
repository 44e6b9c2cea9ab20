import { describe, expect, it } from "vitest";
import { handleResourceEvent } from "../../../shared/enforce/handleResourceEvent";
import { createFreshReads } from "../../../shared/facts/createFreshReads";
import { AzureError } from "../../../shared/azure/AzureError";
import { examplePolicy, policyWith } from "../fixtures/policy";
import {
  AILZ, PIPELINE, SANDBOX, aoaiId, appClaims, gpuVm, openAiAccount, userClaims, vmId, world, writeEvent,
} from "./fakes";

describe("handleResourceEvent: shadow AI on a hand-made GPU VM", () => {
  it("a person creating a GPU VM in Corp (dry run): finding, ailz-finding tag, notification, audit, VM left running", async () => {
    const w = world(examplePolicy());
    w.put(gpuVm("gpu1"));
    const out = await handleResourceEvent(writeEvent(vmId("gpu1"), userClaims()), w.deps);

    expect(out.status).toBe("processed");
    expect(out.opened).toContain("shadowAi\nunapprovedDeployer");
    const f = await w.stores.findings.get({ guardrail: "shadowAi", resourceId: vmId("gpu1"), rule: "unapprovedDeployer" });
    expect(f?.status).toBe("open");
    expect(f?.reason).toContain("Dana Lopez (dana@contoso.com)");
    expect(f?.dryRun).toBe(true);

    expect(w.azure.resources.get(vmId("gpu1").toLowerCase())?.tags?.["ailz-finding"]).toBe("shadowAi/unapprovedDeployer");
    expect(w.azure.calls.some((c) => c.startsWith("deallocate"))).toBe(false);

    expect(w.sent).toHaveLength(1);
    expect(w.sent[0]!.message.kind).toBe("finding.opened");
    expect(w.sent[0]!.routing?.ownerTag).toBe("dana@contoso.com");
    expect(w.published).toContainEqual({ change: "opened", guardrail: "shadowAi", rule: "unapprovedDeployer" });

    const audit = await w.stores.audit.query({ resourceId: vmId("gpu1") });
    expect(audit.some((a) => a.action === "decision" && a.guardrail === "shadowAi")).toBe(true);
    const would = audit.find((a) => a.action === "action.deallocate");
    expect(would?.outcome).toBe("skipped");
    expect(would?.dryRun).toBe(true);
    expect(would?.reason).toContain("dry run: would deallocate VM");
  });

  it("the approved pipeline identity creating the same VM: no shadow-AI finding, no tag, no notification", async () => {
    const w = world(examplePolicy());
    w.put(gpuVm("gpu2"));
    const out = await handleResourceEvent(writeEvent(vmId("gpu2"), appClaims(PIPELINE.objectId, PIPELINE.appId)), w.deps);
    expect(out.status).toBe("processed");
    expect(out.opened).toEqual([]);
    expect((await w.stores.findings.list({ status: "open" })).items).toEqual([]);
    expect(w.azure.resources.get(vmId("gpu2").toLowerCase())?.tags?.["ailz-finding"]).toBeUndefined();
    expect(w.sent).toHaveLength(0);
  });

  it("enforce mode deallocates the VM and says so; five deliveries of the event act once", async () => {
    const w = world(policyWith("shadowAi", "enforce"));
    w.put(gpuVm("gpu3"));
    const ev = writeEvent(vmId("gpu3"), userClaims());
    const outs = await Promise.all([1, 2, 3, 4, 5].map(() => handleResourceEvent(structuredClone(ev), w.deps)));
    expect(outs.filter((o) => o.status === "processed")).toHaveLength(1);
    expect(outs.filter((o) => o.status === "duplicate")).toHaveLength(4);
    expect(w.azure.calls.filter((c) => c.startsWith("deallocate"))).toEqual([`deallocate ${vmId("gpu3")}`]);
    expect(w.azure.resources.get(vmId("gpu3").toLowerCase())?.powerState).toBe("deallocated");
    const act = (await w.stores.audit.query({ resourceId: vmId("gpu3") })).filter((a) => a.action === "action.deallocate");
    expect(act).toHaveLength(1);
    expect(act[0]).toMatchObject({ outcome: "succeeded", dryRun: false, before: { powerState: "running" }, after: { powerState: "deallocated" } });
    expect(w.sent).toHaveLength(1);
    expect(String(w.sent[0]!.message.summary)).toContain("deallocate VM");
  });

  it("two different events about one VM at once (its creation and an edit): deallocated once, the second sees it done", async () => {
    // Found by bench:chaos: both read the VM running before either acted, so both deallocated.
    const w = world(policyWith("shadowAi", "enforce"));
    w.put(gpuVm("gpu9"));
    const created = writeEvent(vmId("gpu9"), userClaims());
    const edited = writeEvent(vmId("gpu9"), userClaims());
    const outs = await Promise.all([handleResourceEvent(created, w.deps), handleResourceEvent(edited, w.deps)]);
    expect(outs.map((o) => o.status)).toEqual(["processed", "processed"]);
    expect(w.azure.calls.filter((c) => c.startsWith("deallocate"))).toEqual([`deallocate ${vmId("gpu9")}`]);
    const acts = (await w.stores.audit.query({ resourceId: vmId("gpu9") })).filter((a) => a.action === "action.deallocate" && a.outcome === "succeeded");
    expect(acts.map((a) => a.details?.noop).sort()).toEqual([false, true]);
  });

  it("a ReadOnly lock: the VM is reported as locked, not forced", async () => {
    const w = world(policyWith("shadowAi", "enforce"));
    w.put(gpuVm("gpu4"));
    w.azure.lockMap.set(vmId("gpu4").toLowerCase(), [{ id: "l1", name: "freeze", level: "ReadOnly" }]);
    const out = await handleResourceEvent(writeEvent(vmId("gpu4"), userClaims()), w.deps);
    const dealloc = out.actions.find((a) => a.description.startsWith("deallocate"));
    expect(dealloc?.result.outcome).toBe("skipped");
    expect(dealloc?.result.note).toContain("locked (ReadOnly lock freeze)");
    expect(w.azure.calls.some((c) => c.startsWith("deallocate"))).toBe(false);
    expect(String(w.sent[0]!.message.summary)).toContain("locked");
  });

  it("an exemption in the store: no action, no finding, and the audit says why", async () => {
    const w = world(policyWith("shadowAi", "enforce"));
    w.put(gpuVm("gpu5"));
    await w.stores.exemptions.create({
      id: "ex-1", scope: `/subscriptions/${vmId("gpu5").split("/")[2]}/resourceGroups/rg-ml`, guardrail: "shadowAi",
      expiresAt: "2025-02-01T00:00:00.000Z", justification: "benchmark", ref: "CHG-42", createdBy: "ops", createdAt: "2025-01-01T00:00:00.000Z",
    });
    const out = await handleResourceEvent(writeEvent(vmId("gpu5"), userClaims()), w.deps);
    expect(out.opened.filter((k) => k.startsWith("shadowAi"))).toEqual([]);
    expect(w.azure.calls.some((c) => c.startsWith("deallocate"))).toBe(false);
    const audit = await w.stores.audit.query({ resourceId: vmId("gpu5") });
    const skipped = audit.find((a) => a.action === "action.deallocate");
    expect(skipped?.outcome).toBe("skipped");
    expect(skipped?.reason).toContain("exempted by api exemption CHG-42");
  });

  it("an ailz-exempt tag exempts until its date (inclusive), and not after", async () => {
    const w = world(policyWith("shadowAi", "enforce"));
    w.put(gpuVm("gpu6", { tags: { ...gpuVm("x").tags, "ailz-exempt": "shadowAi;until=2025-01-15;ref=INC-7" } }));
    await handleResourceEvent(writeEvent(vmId("gpu6"), userClaims()), w.deps);
    expect(w.azure.calls.some((c) => c.startsWith("deallocate"))).toBe(false);
    w.clock.t += 86_400_000;
    await handleResourceEvent(writeEvent(vmId("gpu6"), userClaims()), w.deps);
    expect(w.azure.calls.filter((c) => c.startsWith("deallocate"))).toHaveLength(1);
  });

  it("an unreadable ailz-exempt tag exempts nothing and the decision carries why; `*` exempts every guardrail", async () => {
    const w = world(policyWith("shadowAi", "enforce"));
    w.put(gpuVm("gpu6b", { tags: { ...gpuVm("x").tags, "ailz-exempt": "shadowAI;until=2025-01-15;ref=INC-8" } }));
    const out = await handleResourceEvent(writeEvent(vmId("gpu6b"), userClaims()), w.deps);
    const d = out.decisions.find((x) => x.guardrail === "shadowAi");
    expect(d?.exemption).toBeUndefined();
    expect(String(d?.evidence.exemptTagError)).toContain('unknown guardrail "shadowAI"');
    expect(w.azure.calls.filter((c) => c.startsWith("deallocate"))).toHaveLength(1);

    w.put(gpuVm("gpu6c", { tags: { ...gpuVm("x").tags, "ailz-exempt": "*;until=2025-01-15;ref=INC-9" } }));
    const star = await handleResourceEvent(writeEvent(vmId("gpu6c"), userClaims()), w.deps);
    expect(star.decisions.find((x) => x.guardrail === "shadowAi")?.exemption).toMatchObject({ source: "tag", ref: "INC-9", until: "2025-01-15" });
    expect(w.azure.calls.filter((c) => c.startsWith("deallocate"))).toHaveLength(1);
  });

  it("ailz's own write (the tag it just set) makes no decision (loop guard)", async () => {
    const w = world(examplePolicy());
    w.put(gpuVm("gpu7"));
    await handleResourceEvent(writeEvent(vmId("gpu7"), userClaims()), w.deps);
    const auditBefore = (await w.stores.audit.query({})).length;
    const tagEvent = writeEvent(`${vmId("gpu7")}/providers/Microsoft.Resources/tags/default`, appClaims(AILZ, AILZ), { operationName: "Microsoft.Resources/tags/write" });
    const out = await handleResourceEvent(tagEvent, w.deps);
    expect(out.status).toBe("ownWrite");
    expect(out.decisions).toEqual([]);
    expect((await w.stores.audit.query({})).length).toBe(auditBefore);
    expect(w.sent).toHaveLength(1);
  });

  it("re-evaluating an unchanged resource does not rewrite the marker tag or notify again", async () => {
    const w = world(examplePolicy());
    w.put(gpuVm("gpu8"));
    await handleResourceEvent(writeEvent(vmId("gpu8"), userClaims()), w.deps);
    const merges = w.azure.calls.filter((c) => c.startsWith("mergeTags")).length;
    await handleResourceEvent(writeEvent(vmId("gpu8"), userClaims()), w.deps);
    expect(w.azure.calls.filter((c) => c.startsWith("mergeTags")).length).toBe(merges);
    expect(w.sent).toHaveLength(1);
  });

  it("a transient failure rethrows and forgets the event id, so the redelivery acts", async () => {
    const w = world(policyWith("shadowAi", "enforce"));
    w.put(gpuVm("gpu9"));
    w.azure.failNext = new AzureError("ServerBusy", "try later", 503);
    const ev = writeEvent(vmId("gpu9"), userClaims());
    await expect(handleResourceEvent(ev, w.deps)).rejects.toThrow("try later");
    const again = await handleResourceEvent(ev, w.deps);
    expect(again.status).toBe("processed");
    expect(w.azure.calls.filter((c) => c.startsWith("deallocate"))).toHaveLength(1);
    expect((await w.stores.audit.query({ resourceId: vmId("gpu9") })).some((a) => a.outcome === "failed")).toBe(true);
  });

  it("deleting the resource resolves its open findings", async () => {
    const w = world(examplePolicy());
    w.put(gpuVm("gpu10"));
    await handleResourceEvent(writeEvent(vmId("gpu10"), userClaims()), w.deps);
    w.azure.resources.delete(vmId("gpu10").toLowerCase());
    const out = await handleResourceEvent(writeEvent(vmId("gpu10"), userClaims(), { kind: "Delete", operationName: "Microsoft.Compute/virtualMachines/delete" }), w.deps);
    expect(out.resolved).toContain("shadowAi\nunapprovedDeployer");
    expect((await w.stores.findings.list({ resourceId: vmId("gpu10"), status: "open" })).items).toEqual([]);
    const f = await w.stores.findings.get({ guardrail: "shadowAi", resourceId: vmId("gpu10"), rule: "unapprovedDeployer" });
    expect(f?.resolution).toBe("resource deleted");
  });
});

describe("handleResourceEvent: AI-service hardening", () => {
  it("an OpenAI account with public network access is flagged; after the fix the finding resolves and the marker goes", async () => {
    const w = world(examplePolicy());
    w.put(openAiAccount("aoai1", "Enabled"));
    const first = await handleResourceEvent(writeEvent(aoaiId("aoai1"), userClaims(), { operationName: "Microsoft.CognitiveServices/accounts/write" }), w.deps);
    expect(first.opened).toContain("aiHardening\npublicNetworkAccess");
    expect(w.azure.resources.get(aoaiId("aoai1").toLowerCase())?.tags?.["ailz-finding"]).toContain("aiHardening/publicNetworkAccess");

    w.put({ ...openAiAccount("aoai1", "Disabled"), tags: w.azure.resources.get(aoaiId("aoai1").toLowerCase())!.tags });
    const second = await handleResourceEvent(writeEvent(aoaiId("aoai1"), appClaims(PIPELINE.objectId, PIPELINE.appId), { operationName: "Microsoft.CognitiveServices/accounts/write" }), w.deps);
    expect(second.resolved).toContain("aiHardening\npublicNetworkAccess");
    const f = await w.stores.findings.get({ guardrail: "aiHardening", resourceId: aoaiId("aoai1"), rule: "publicNetworkAccess" });
    expect(f?.status).toBe("resolved");
    expect(f?.resolution).toContain("fixed");
    expect(w.published).toContainEqual({ change: "resolved", guardrail: "aiHardening", rule: "publicNetworkAccess" });
  });

  it("enforce mode disables public network access on the account", async () => {
    const w = world(policyWith("aiHardening", "enforce"));
    w.put(openAiAccount("aoai2", "Enabled"));
    await handleResourceEvent(writeEvent(aoaiId("aoai2"), appClaims(PIPELINE.objectId, PIPELINE.appId), { operationName: "Microsoft.CognitiveServices/accounts/write" }), w.deps);
    expect(w.azure.resources.get(aoaiId("aoai2").toLowerCase())?.properties?.publicNetworkAccess).toBe("Disabled");
  });
});

describe("handleResourceEvent: bookkeeping and bad input", () => {
  it("a write in a sandbox subscription records its last activity and who did it", async () => {
    const w = world(examplePolicy());
    w.put(gpuVm("sbx-vm", {}, SANDBOX));
    await handleResourceEvent(writeEvent(vmId("sbx-vm", SANDBOX), userClaims()), w.deps);
    const last = await w.stores.sandboxActivity.last(`/subscriptions/${SANDBOX}`);
    expect(last?.at).toBe("2025-01-15T10:00:00.000Z");
    expect(last?.by).toContain("dana@contoso.com");
  });

  it("required tags in enforce mode: missing owner/created-by added from the caller, present tags never rewritten", async () => {
    const w = world(policyWith("requiredTags", "enforce"));
    const r = gpuVm("tagless", { tags: { project: "keep-me" }, properties: { hardwareProfile: { vmSize: "Standard_D4s_v5" } } });
    w.put(r);
    await handleResourceEvent(writeEvent(r.id, userClaims()), w.deps);
    const tags = w.azure.resources.get(r.id.toLowerCase())!.tags!;
    expect(tags.owner).toBe("dana@contoso.com");
    expect(tags["created-by"]).toBe("dana@contoso.com");
    expect(tags.project).toBe("keep-me");
  });

  it("a malformed event is dead-lettered with the reason and does not throw", async () => {
    const w = world(examplePolicy());
    const bad = { ...writeEvent(vmId("x"), userClaims()), data: { operationName: "x" } };
    const out = await handleResourceEvent(bad, w.deps);
    expect(out.status).toBe("deadLettered");
    const dl = await w.stores.deadLetters.list();
    expect(dl).toHaveLength(1);
    expect(dl[0]!.reason).toMatch(/^data\.resourceUri/);
    expect(dl[0]!.payload).toEqual(bad);
  });

  it("failed operations and other event types are ignored", async () => {
    const w = world(examplePolicy());
    const failed = { ...writeEvent(vmId("x"), userClaims()), eventType: "Microsoft.Resources.ResourceWriteFailure" };
    expect((await handleResourceEvent(failed, w.deps)).status).toBe("ignored");
    expect((await handleResourceEvent({ ...failed, eventType: "Microsoft.Storage.BlobCreated" }, w.deps)).status).toBe("ignored");
  });

  it("a guardrail in mode off decides nothing", async () => {
    const base = policyWith("shadowAi", "off");
    const w = world(policyWith("requiredTags", "off", {}, policyWith("aiHardening", "off", {}, base)));
    w.put(gpuVm("gpu-off"));
    const out = await handleResourceEvent(writeEvent(vmId("gpu-off"), userClaims()), w.deps);
    expect(out.decisions).toEqual([]);
  });
});

describe("handleResourceEvent: VM power-on actions", () => {
  it("a person starting a deallocated GPU VM is judged again (enforce deallocates it again); listKeys-style actions are not", async () => {
    const w = world(policyWith("shadowAi", "enforce"));
    w.put(gpuVm("gpu-restart"));
    w.azure.resources.get(vmId("gpu-restart").toLowerCase())!.powerState = "running";
    const start = writeEvent(vmId("gpu-restart"), userClaims(), { kind: "Action", operationName: "Microsoft.Compute/virtualMachines/start/action" });
    const out = await handleResourceEvent(start, w.deps);
    expect(out.decisions.some((d) => d.guardrail === "shadowAi" && d.verdict === "act")).toBe(true);
    expect(w.azure.calls.filter((c) => c.startsWith("deallocate"))).toHaveLength(1);
    const keys = writeEvent(vmId("gpu-restart"), userClaims(), { kind: "Action", operationName: "Microsoft.Compute/virtualMachines/listKeys/action" });
    expect((await handleResourceEvent(keys, w.deps)).decisions).toEqual([]);
  });
});

describe("handleResourceEvent: only the reads a guardrail needs", () => {
  const subnet = (sub?: string) => `${vmId("x", sub).split("/providers/")[0]}/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/default`;

  it("a child-type write (no guardrail judges it) reads neither the resource nor its findings, and sandbox activity is still recorded", async () => {
    const w = world(examplePolicy());
    let listed = 0;
    const list = w.stores.findings.list.bind(w.stores.findings);
    w.stores.findings.list = (q) => (listed++, list(q));
    const out = await handleResourceEvent(writeEvent(subnet(), userClaims(), { operationName: "Microsoft.Network/virtualNetworks/subnets/write" }), w.deps);
    expect(out.status).toBe("processed");
    expect(w.facts.reads).toEqual([]);
    expect(listed).toBe(0);

    await handleResourceEvent(writeEvent(subnet(SANDBOX), userClaims(), { operationName: "Microsoft.Network/virtualNetworks/subnets/write" }), w.deps);
    expect(w.facts.reads).toEqual([]);
    const last = await w.stores.sandboxActivity.last(`/subscriptions/${SANDBOX}`);
    expect(last?.resourceId?.toLowerCase()).toBe(subnet(SANDBOX).toLowerCase());
  });

  it("a plain top-level write is read while requiredTags is on, and not when it is off; a GPU VM is read either way", async () => {
    const storage = vmId("x").replace("Microsoft.Compute/virtualMachines/x", "Microsoft.Storage/storageAccounts/st1");
    const on = world(examplePolicy());
    await handleResourceEvent(writeEvent(storage, appClaims(PIPELINE.objectId, PIPELINE.appId), { operationName: "Microsoft.Storage/storageAccounts/write" }), on.deps);
    expect(on.facts.reads).toEqual([storage]);

    const off = world(policyWith("requiredTags", "off"));
    await handleResourceEvent(writeEvent(storage, appClaims(PIPELINE.objectId, PIPELINE.appId), { operationName: "Microsoft.Storage/storageAccounts/write" }), off.deps);
    expect(off.facts.reads).toEqual([]);
    off.put(gpuVm("gpu-off"));
    const out = await handleResourceEvent(writeEvent(vmId("gpu-off"), userClaims()), off.deps);
    expect(off.facts.reads).toEqual([vmId("gpu-off")]);
    expect(out.opened).toContain("shadowAi\nunapprovedDeployer");
  });

  it("an action that is not a power-on reads nothing; a delete still resolves open findings without a read", async () => {
    const w = world(examplePolicy());
    w.put(gpuVm("gpu-act"));
    await handleResourceEvent(writeEvent(vmId("gpu-act"), userClaims()), w.deps);
    w.facts.reads.length = 0;
    await handleResourceEvent(writeEvent(`${vmId("gpu-act")}/listKeys`, userClaims(), { kind: "Action", operationName: "Microsoft.Compute/virtualMachines/listKeys/action" }), w.deps);
    expect(w.facts.reads).toEqual([]);
    const del = await handleResourceEvent(writeEvent(vmId("gpu-act"), userClaims(), { kind: "Delete", operationName: "Microsoft.Compute/virtualMachines/delete" }), w.deps);
    expect(w.facts.reads).toEqual([]);
    expect(del.resolved).toContain("shadowAi\nunapprovedDeployer");
  });
});

describe("handleResourceEvent: what an event costs", () => {
  const subnet = (sub?: string) => `${vmId("x", sub).split("/providers/")[0]}/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/other`;
  const storage = (n: string) => vmId("x").replace("Microsoft.Compute/virtualMachines/x", `Microsoft.Storage/storageAccounts/${n}`);
  const recorded = async (w: ReturnType<typeof world>) => (await w.stores.eventRecords.since("2000-01-01T00:00:00.000Z", 1000)).records.map((r) => r.id);

  it("a write judged on cached facts with nothing to do (outside every sandbox) stores nothing: no record, no claim; in a sandbox it is recorded and acted on", async () => {
    const w = world(examplePolicy());
    let claims = 0;
    const claim = w.stores.changeClaims.claim.bind(w.stores.changeClaims);
    w.stores.changeClaims.claim = (...a) => (claims++, claim(...a));
    const out = await handleResourceEvent(writeEvent(subnet(), userClaims(), { operationName: "Microsoft.Network/virtualNetworks/subnets/write" }), w.deps);
    expect(out.status).toBe("processed");
    expect(await recorded(w)).toEqual([]);
    expect(claims).toBe(0);

    const inSandbox = writeEvent(subnet(SANDBOX), userClaims(), { operationName: "Microsoft.Network/virtualNetworks/subnets/write" });
    await handleResourceEvent(inSandbox, w.deps);
    expect(await recorded(w)).toEqual([inSandbox.id]);
    expect(claims).toBe(2);
  });

  it("with one topic family wired (changesCanArriveTwice false) no change is claimed, and a redelivery is still a duplicate", async () => {
    const w = world(examplePolicy());
    w.deps.changesCanArriveTwice = false;
    let claims = 0;
    const claim = w.stores.changeClaims.claim.bind(w.stores.changeClaims);
    w.stores.changeClaims.claim = (...a) => (claims++, claim(...a));
    w.put(gpuVm("gpu-one"));
    const ev = writeEvent(vmId("gpu-one"), userClaims());
    expect((await handleResourceEvent(structuredClone(ev), w.deps)).status).toBe("processed");
    expect((await handleResourceEvent(structuredClone(ev), w.deps)).status).toBe("duplicate");
    expect(claims).toBe(0);
    expect(await recorded(w)).toEqual([ev.id]);
  });

  it("events of one resource share a read begun after their change; after ailz writes the resource, the next event reads it again", async () => {
    const w = world(examplePolicy());
    w.deps.freshReads = createFreshReads((id) => w.deps.facts.readResource(id), { now: () => w.clock.t });
    const st = storage("stshared");
    w.put({ id: st, name: "stshared", type: "Microsoft.Storage/storageAccounts", location: "eastus2", tags: { owner: "dana@contoso.com", "cost-center": "cc-1", project: "p", environment: "dev" }, properties: {} });
    const pipeline = appClaims(PIPELINE.objectId, PIPELINE.appId);
    const write = () => writeEvent(st, pipeline, { operationName: "Microsoft.Storage/storageAccounts/write" });
    // The fakes' events happened at 10:00:00; the clock reads 10:00:05: the first read is fresh for both.
    await Promise.all([handleResourceEvent(write(), w.deps), handleResourceEvent(write(), w.deps)]);
    expect(w.facts.reads).toEqual([st]);

    // A person's GPU VM: ailz tags it (marker), so the next event about it must not reuse the read from before that write.
    w.put(gpuVm("gpu-shared"));
    w.facts.reads.length = 0;
    const first = await handleResourceEvent(writeEvent(vmId("gpu-shared"), userClaims()), w.deps);
    expect(first.actions.some((a) => a.rule === "findingTag")).toBe(true);
    await handleResourceEvent(writeEvent(vmId("gpu-shared"), userClaims()), w.deps);
    expect(w.facts.reads).toEqual([vmId("gpu-shared"), vmId("gpu-shared")]);
  });

  it("a failure after the record was stored forgets it; an earlier delivery's record is never forgotten", async () => {
    const w = world(policyWith("shadowAi", "enforce"));
    w.put(gpuVm("gpu-f"));
    const ev = writeEvent(vmId("gpu-f"), userClaims());
    expect((await handleResourceEvent(structuredClone(ev), w.deps)).status).toBe("processed");
    // A redelivery whose reads fail: it stored nothing, so the first delivery's record stays.
    const read = w.deps.facts.readResource;
    w.deps.facts.readResource = async () => {
      throw new AzureError("ServerBusy", "try later", 503);
    };
    await expect(handleResourceEvent(structuredClone(ev), w.deps)).rejects.toThrow("try later");
    w.deps.facts.readResource = read;
    expect(await recorded(w)).toEqual([ev.id]);
    expect((await handleResourceEvent(structuredClone(ev), w.deps)).status).toBe("duplicate");
  });

  it("the record does not wait for the findings query; when the query then fails, the record is forgotten and the redelivery acts", async () => {
    const w = world(policyWith("shadowAi", "enforce"));
    w.put(gpuVm("gpu-q"));
    const ev = writeEvent(vmId("gpu-q"), userClaims());
    const openOn = w.stores.findings.openOn.bind(w.stores.findings);
    let fail!: () => void;
    const asked = new Promise<void>((asking) => {
      w.stores.findings.openOn = () => {
        asking();
        return new Promise((_, reject) => (fail = () => reject(new AzureError("ServerBusy", "try later", 503))));
      };
    });
    const first = handleResourceEvent(structuredClone(ev), w.deps);
    await asked;
    await expect.poll(() => recorded(w)).toEqual([ev.id]);
    fail();
    await expect(first).rejects.toThrow("try later");
    expect(await recorded(w)).toEqual([]);
    expect(w.azure.calls.filter((c) => c.startsWith("deallocate"))).toHaveLength(0);
    w.stores.findings.openOn = openOn;
    expect((await handleResourceEvent(structuredClone(ev), w.deps)).status).toBe("processed");
    expect(w.azure.calls.filter((c) => c.startsWith("deallocate"))).toHaveLength(1);
  });
});
