import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { asPlatformAdmin } from "../support/appAuth";
import path from "node:path";
import { accountId, CORP, deliveredCopies, gpuVmBody, PERSON, personToken, pipelineToken, rgId, startEventsWorld, TAGS, until, vmId, WRITE, type EventsWorld } from "./support/eventsWorld";

// End to end through the local host and the ARM emulator: a person or a pipeline writes to the
// emulator, the emulator's Event Grid delivers to the host's webhook, the resourceEvents function
// runs the real pipeline against the emulator (real SDK clients) and Azurite.

const openFindings = async (w: EventsWorld, resourceId: string, guardrail?: string) => {
  const r = await w.api("GET", `findings?status=open&subscription=${CORP}${guardrail ? `&guardrail=${guardrail}` : ""}`);
  expect(r.status).toBe(200);
  return (r.body.value as any[]).filter((f) => f.resourceId.toLowerCase() === resourceId.toLowerCase());
};

describe("resourceEvents end to end (shadowAi and aiHardening in dry run)", () => {
  let w: EventsWorld;
  beforeAll(async () => {
    w = await startEventsWorld({});
  });
  afterAll(async () => {
    await w?.stop();
  });

  it("a person creates a GPU VM in Corp: shadow-AI finding, ailz-finding tag on the VM, a recorded notification", async () => {
    const id = vmId("rg-ml", "gpu-dana");
    expect((await w.arm("PUT", id, gpuVmBody(), personToken())).status).toBeLessThan(300);
    await until(async () => (await openFindings(w, id, "shadowAi")).length > 0, "a shadowAi finding");
    const [finding] = await openFindings(w, id, "shadowAi");
    expect(finding.rule).toBe("unapprovedDeployer");
    expect(finding.reason).toContain("Dana Lopez (dana@contoso.com)");

    await until(async () => (await w.arm("GET", id)).body.tags?.["ailz-finding"] !== undefined, "the ailz-finding tag");
    expect((await w.arm("GET", id)).body.tags["ailz-finding"]).toBe("shadowAi/unapprovedDeployer");
    // Dry run: flagged, not deallocated.
    expect(JSON.stringify((await w.arm("GET", `${id}/instanceView`)).body.statuses)).toContain("PowerState/running");

    await until(async () => w.sink.messages({ channel: "webhook" }).some((m) => (m.title ?? "").includes("gpu-dana")), "a notification in the sink");
    const msg = w.sink.messages({ channel: "webhook" }).find((m) => (m.title ?? "").includes("gpu-dana"))!;
    expect(msg.to).toContain("dana@contoso.com");

    // The finding is also published as a CloudEvent on the findings topic.
    await until(async () => w.sink.messages({ channel: "eventgrid" }).some((m) => JSON.stringify(m.body).includes("gpu-dana")), "a finding CloudEvent");
    const ce = w.sink.messages({ channel: "eventgrid" }).find((m) => JSON.stringify(m.body).includes("gpu-dana"))!.body as any;
    expect(ce.type).toBe("ailz.finding.opened");
    expect(ce.subject.toLowerCase()).toBe(id.toLowerCase());
    expect(ce.data.data.guardrail).toBe("shadowAi");

    const audit = await w.api("GET", `audit?resourceId=${encodeURIComponent(id)}`);
    expect(audit.status).toBe(200);
    expect((audit.body.value as any[]).some((a) => a.action === "action.deallocate" && a.outcome === "skipped" && a.reason.includes("dry run: would deallocate"))).toBe(true);
  });

  it("the policy preview replays the recorded events: approving Dana resolves her VM's finding, enforce would deallocate it; nothing changes", async () => {
    const id = vmId("rg-ml", "gpu-dana");
    const current = fs.readFileSync(path.join(w.dir, "guardrails.yaml"), "utf8");
    const before = await openFindings(w, id);
    const preview = async (yaml: string, query = "") => {
      const r = await fetch(`${w.local.hostUrl}/api/policy/preview${query}`, { method: "POST", headers: { "x-functions-key": w.local.functionKey, "content-type": "application/yaml", ...asPlatformAdmin() }, body: yaml });
      return { status: r.status, body: (await r.json()) as any };
    };
    // This world has never swept: the events alone are the facts.
    // Dana as the event's caller and as systemData names her (creator, last modifier).
    const writers = (before.find((f) => f.guardrail === "shadowAi").evidence.writers as any[]).filter((x) => !x.approved).map((x) => x.caller.objectId as string);
    expect(writers).toContain(PERSON.oid);
    const danaApproved = writers.map((oid, i) => `  - name: dana-${i}\n    kind: user\n    objectId: ${oid}\n`).join("");
    const approved = await preview(current.replace("approvedDeployers:\n", `approvedDeployers:\n${danaApproved}`));
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.facts).toBeNull();
    expect(approved.body.events.recorded).toBeGreaterThan(0);
    const resolved = (approved.body.events.findings.resolve as any[]).filter((f) => f.resourceId.toLowerCase() === id.toLowerCase());
    expect(resolved.map((f) => `${f.guardrail}/${f.rule}`)).toEqual(["shadowAi/unapprovedDeployer"]);
    expect(resolved[0]).toMatchObject({ resourceName: "gpu-dana", subscriptionName: expect.not.stringMatching(CORP) });
    expect(approved.body.events.findings.open).toEqual([]);

    const enforce = await preview(current.replace(/(\n  shadowAi:\n    mode:) \w+/, "$1 enforce"), "?days=1");
    expect(enforce.status).toBe(200);
    expect(enforce.body.events.days).toBe(1);
    expect((enforce.body.events.actions.start as any[]).filter((a) => a.resourceId.toLowerCase() === id.toLowerCase()).map((a) => a.action)).toEqual(["deallocate"]);
    expect((await preview(current, "?days=99")).body.error).toMatchObject({ field: "days" });

    expect(await openFindings(w, id)).toEqual(before);
    expect(JSON.stringify((await w.arm("GET", `${id}/instanceView`)).body.statuses)).toContain("PowerState/running");
  });

  it("ailz's own tag write raises an event that makes no new decision (loop guard)", async () => {
    const id = vmId("rg-ml", "gpu-dana");
    await w.delivered(`${id}/providers/Microsoft.Resources/tags/default`);
    const audit = (await w.api("GET", `audit?resourceId=${encodeURIComponent(id)}`)).body.value as any[];
    const triggers = new Set(audit.filter((a) => a.action === "decision").map((a) => a.details.trigger));
    expect(triggers.size).toBe(1);
    expect(audit.filter((a) => a.action === "action.tag")).toHaveLength(1);
  });

  it("the same VM created by the approved pipeline identity: no finding", async () => {
    const id = vmId("rg-ml", "gpu-pipeline");
    expect((await w.arm("PUT", id, gpuVmBody(), pipelineToken())).status).toBeLessThan(300);
    await w.delivered(id);
    expect(await openFindings(w, id)).toEqual([]);
    expect((await w.arm("GET", id)).body.tags["ailz-finding"]).toBeUndefined();
  });

  it("an OpenAI account with public network access gets a hardening finding, which resolves after the fix", async () => {
    const id = accountId("rg-ml", "aoai-dana");
    const body = { location: "eastus2", kind: "OpenAI", sku: { name: "S0" }, identity: { type: "SystemAssigned" }, tags: TAGS, properties: { publicNetworkAccess: "Enabled", disableLocalAuth: true } };
    expect((await w.arm("PUT", id, body, pipelineToken(), "2024-10-01")).status).toBeLessThan(300);
    await until(async () => (await openFindings(w, id, "aiHardening")).some((f) => f.rule === "publicNetworkAccess"), "an aiHardening finding");

    const fixed = { ...body, tags: (await w.arm("GET", id, undefined, undefined, "2024-10-01")).body.tags, properties: { publicNetworkAccess: "Disabled", disableLocalAuth: true } };
    expect((await w.arm("PUT", id, fixed, pipelineToken(), "2024-10-01")).status).toBeLessThan(300);
    await until(async () => !(await openFindings(w, id, "aiHardening")).some((f) => f.rule === "publicNetworkAccess"), "the finding to resolve");
    const resolved = await w.api("GET", `findings?status=resolved&guardrail=aiHardening`);
    const f = (resolved.body.value as any[]).find((x) => x.resourceId.toLowerCase() === id.toLowerCase() && x.rule === "publicNetworkAccess");
    expect(f.resolution).toContain("fixed");
    // The marker tag goes once nothing is open.
    await until(async () => (await w.arm("GET", id, undefined, undefined, "2024-10-01")).body.tags?.["ailz-finding"] === undefined, "the marker tag to go");
  });

  it("a malformed event is dead-lettered and the rest of the batch is processed", async () => {
    const good = vmId("rg-ml", "gpu-batch");
    expect((await w.arm("PUT", good, gpuVmBody(), pipelineToken())).status).toBeLessThan(300);
    await w.delivered(good);
    const bad = { id: "bad-1", eventType: "Microsoft.Resources.ResourceWriteSuccess", subject: "/x", eventTime: new Date().toISOString(), dataVersion: "2", data: { operationName: "Microsoft.Compute/virtualMachines/write" } };
    const valid = {
      id: crypto.randomUUID(), eventType: "Microsoft.Resources.ResourceWriteSuccess", subject: good, eventTime: new Date().toISOString(), dataVersion: "2",
      data: { resourceUri: good, operationName: "Microsoft.Compute/virtualMachines/write", status: "Succeeded", subscriptionId: CORP, claims: { "http://schemas.microsoft.com/identity/claims/objectidentifier": "9d000000-0000-4000-8000-000000000009", upn: "eve@contoso.com", idtyp: "user", name: "Eve" } },
    };
    const res = await fetch(`${w.local.hostUrl}/runtime/webhooks/EventGrid?functionName=resourceEvents`, {
      method: "POST",
      headers: { "x-functions-key": w.local.functionKey, "content-type": "application/json", "aeg-event-type": "Notification" },
      body: JSON.stringify([bad, valid]),
    });
    expect(res.status).toBe(202);
    const dead = await w.stores.deadLetters.list({ limit: 50 });
    const entry = dead.find((d) => (d.payload as { id?: string }).id === "bad-1");
    expect(entry?.reason).toMatch(/^data\.resourceUri/);
    const findings = await openFindings(w, good, "shadowAi");
    expect(findings.some((f) => f.reason.includes("Eve"))).toBe(true);
  });

  it("a bad exemption request gets a 400 naming the field", async () => {
    const r = await w.api("POST", "exemptions", { scope: rgId("rg-exempt"), guardrail: "shadowAi", until: "2031-13-45", justification: "x" });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe("until");
    expect(r.body.error.message).toMatch(/^until:/);
    const noScope = await w.api("POST", "exemptions", { guardrail: "nope", until: "2031-01-01", justification: "x" });
    expect(noScope.status).toBe(400);
    expect(noScope.body.error.message).toMatch(/^(scope|guardrail):/);
    const badJson = await w.api("POST", "exemptions", "{not json");
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.field).toBe("body");
    expect(badJson.body.error.message).not.toMatch(/\n\s+at |\.ts:\d+/);
  });
});

describe("resourceEvents end to end (shadowAi enforced)", () => {
  let w: EventsWorld;
  beforeAll(async () => {
    w = await startEventsWorld({ shadowAi: "enforce" });
  });
  afterAll(async () => {
    await w?.stop();
  });

  const powerState = async (id: string) => JSON.stringify((await w.arm("GET", `${id}/instanceView`)).body.statuses);

  it("a hand-made GPU VM in Corp is deallocated in the emulator", async () => {
    const id = vmId("rg-ml", "gpu-enforced");
    expect((await w.arm("PUT", id, gpuVmBody(), personToken())).status).toBeLessThan(300);
    await until(async () => (await powerState(id)).includes("PowerState/deallocated"), "the VM to be deallocated");
    // The audit entry follows the deallocation; the delivery answers once the function is done.
    await w.delivered(id);
    const audit = (await w.api("GET", `audit?resourceId=${encodeURIComponent(id)}`)).body.value as any[];
    const act = audit.find((a) => a.action === "action.deallocate");
    expect(act).toMatchObject({ outcome: "succeeded", dryRun: false, before: { powerState: "running" } });
  });

  it("the same event delivered 5 times acts once", async () => {
    const put = await fetch(`${w.local.emulatorUrl}/_emulator/events`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ duplicate: 5 }) });
    expect(put.status).toBe(200);
    const id = vmId("rg-ml", "gpu-dup");
    let eventId: string;
    try {
      expect((await w.arm("PUT", id, gpuVmBody(), personToken())).status).toBeLessThan(300);
      // All five copies of the write event answered: the copy that acted has finished. (Counting
      // any delivery about the VM would also count the deallocation's own action events.)
      eventId = await w.delivered(id, { copies: 5 });
    } finally {
      const reset = await fetch(`${w.local.emulatorUrl}/_emulator/events`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ duplicate: 1 }) });
      expect(reset.status).toBe(200);
    }
    expect(deliveredCopies(await w.deliveries(), id, WRITE).get(eventId)).toBe(5);
    const audit = (await w.api("GET", `audit?resourceId=${encodeURIComponent(id)}`)).body.value as any[];
    expect(audit.filter((a) => a.action === "action.deallocate")).toHaveLength(1);
    // Acted once in Azure too, not just audited once (audit ids are per event, so they would hide a repeat).
    const rbac = ((await (await fetch(`${w.local.emulatorUrl}/_emulator/rbac-log`)).json()) as { value: any[] }).value;
    expect(rbac.filter((r) => r.method === "POST" && r.path.toLowerCase() === `${id}/deallocate`.toLowerCase() && r.status < 300)).toHaveLength(1);
    expect((await powerState(id)).includes("PowerState/deallocated")).toBe(true);
  });

  it("an exemption: no action, and the audit says why", async () => {
    const ex = await w.api("POST", "exemptions", { scope: rgId("rg-exempt"), guardrail: "shadowAi", until: "2099-12-31", justification: "GPU benchmark lab", ref: "CHG-1234" });
    expect(ex.status).toBe(201);
    const listed = await w.api("GET", "exemptions");
    expect((listed.body.value as any[]).some((e) => e.id === ex.body.id)).toBe(true);

    const id = vmId("rg-exempt", "gpu-lab");
    expect((await w.arm("PUT", id, gpuVmBody(), personToken())).status).toBeLessThan(300);
    await w.delivered(id);
    expect((await powerState(id)).includes("PowerState/running")).toBe(true);
    const audit = (await w.api("GET", `audit?resourceId=${encodeURIComponent(id)}`)).body.value as any[];
    const skipped = audit.find((a) => a.action === "action.deallocate");
    expect(skipped?.outcome).toBe("skipped");
    expect(skipped?.reason).toContain("CHG-1234");
    const created = (await w.api("GET", `audit?resourceId=${encodeURIComponent(rgId("rg-exempt"))}`)).body.value as any[];
    expect(created.some((a) => a.action === "exemption.create")).toBe(true);

    const del = await w.api("DELETE", `exemptions/${ex.body.id}`);
    expect(del.status).toBe(204);
    expect((await w.api("DELETE", `exemptions/${ex.body.id}`)).status).toBe(404);
  });
});
