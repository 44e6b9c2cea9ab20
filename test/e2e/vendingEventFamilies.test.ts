// Vending wires a new subscription's resource events through the policy's `vending.eventFamilies`:
// with `both`, the subscription system topic and the Resource Notifications topic, each with a
// webhook subscription to resourceEvents, and a hand-made GPU VM in the vended subscription is
// flagged once (the app's own functions in the local host, durable backend, ARM emulator).
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeToken } from "../../local/arm/tokens";
import { APP_ROLES } from "../../functions/auth/appRoles";
import { asRoles } from "../support/appAuth";
import { spawnLocal, type LocalProcess } from "../support/spawnLocal";
import { requestBody, tempDir, vendingEstate, writeTestPolicy } from "../orchestrations/vending/vendingWorld";

const REQUESTER = asRoles([APP_ROLES.reader, APP_ROLES.operator], { upn: "requester@contoso.com" });
let world: LocalProcess;
let dir: string;

beforeAll(async () => {
  dir = tempDir("ailz-vending-families-");
  const estateFile = path.join(dir, "estate.json");
  fs.writeFileSync(estateFile, JSON.stringify(vendingEstate()));
  world = await spawnLocal({
    estate: estateFile,
    // The platform's own wiring: none here, so every event reaching resourceEvents comes through what vending wired.
    env: { AILZ_POLICY_PATH: writeTestPolicy(dir, (p) => (p.vending.eventFamilies = "both")), AILZ_WIRE_EVENTS: "false" },
  });
}, 180_000);

afterAll(async () => {
  await world?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function call(base: string, method: string, route: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${route}`, { method, headers: { "content-type": "application/json", ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
const api = (method: string, route: string, body?: unknown, headers: Record<string, string> = {}) => call(world.hostUrl, method, route, body, { "x-functions-key": world.functionKey, ...REQUESTER, ...headers });

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("vending with eventFamilies: both", () => {
  it("wires both topic families, and a hand-made GPU VM in the new subscription is flagged once", async () => {
    const r = await api("POST", "/api/vending/requests", requestBody("corp"), { "idempotency-key": `families-${process.pid}` });
    expect(r.status).toBe(202);
    const s = await until(async () => {
      const q = await api("GET", `/api/vending/requests/${r.body.id}`);
      return ["Completed", "Failed", "Rejected", "Cancelled", "Expired"].includes(q.body?.status) ? q.body : undefined;
    }, "the request to finish");
    expect(s.status, JSON.stringify(s.steps)).toBe("Completed");
    const sub = s.subscriptionId as string;
    expect(s.steps.find((x: any) => x.name === "eventGrid").result.families).toBe("both");

    const estate = (await call(world.emulatorUrl!, "GET", "/_emulator/estate")).body;
    const mine = (type: RegExp) => estate.resources.filter((x: any) => type.test(x.type) && x.id.toLowerCase().startsWith(`/subscriptions/${sub}/`));
    const topics = mine(/^Microsoft\.EventGrid\/systemTopics$/i);
    expect(topics.map((t: any) => t.properties.topicType).sort()).toEqual(["Microsoft.ResourceNotifications.Resources", "Microsoft.Resources.Subscriptions"]);
    for (const t of topics) expect(t.properties.source).toBe(`/subscriptions/${sub}`);
    const subs = mine(/eventSubscriptions$/i);
    expect(subs).toHaveLength(2);
    expect(subs.flatMap((x: any) => x.properties.filter.includedEventTypes).sort()).toEqual([
      "Microsoft.ResourceNotifications.Resources.CreatedOrUpdated", "Microsoft.ResourceNotifications.Resources.Deleted",
      "Microsoft.Resources.ResourceActionSuccess", "Microsoft.Resources.ResourceDeleteSuccess", "Microsoft.Resources.ResourceWriteSuccess",
    ]);

    const person = makeToken({ oid: "1a2b3c4d-0000-4000-8000-00000000d009", upn: "erin@contoso.com", name: "Erin", idtyp: "user" });
    const armCall = (method: string, id: string, body?: unknown, apiVersion = "2024-07-01") => call(world.emulatorUrl!, method, `${id}?api-version=${apiVersion}`, body, { authorization: `Bearer ${person}` });
    const rg = `/subscriptions/${sub}/resourceGroups/rg-erin`;
    expect((await armCall("PUT", rg, { location: "eastus2" }, "2024-03-01")).status).toBeLessThan(300);
    const vm = `${rg}/providers/Microsoft.Compute/virtualMachines/gpu-erin`;
    const body = { location: "eastus2", tags: { owner: "erin@contoso.com", "cost-center": "cc-1", project: "llm", environment: "dev" }, properties: { hardwareProfile: { vmSize: "Standard_NC24ads_A100_v4" }, storageProfile: { imageReference: { publisher: "microsoft-dsvm", offer: "ubuntu-hpc", sku: "2204", version: "latest" }, osDisk: { createOption: "FromImage" } }, osProfile: { computerName: "gpu", adminUsername: "azureuser", linuxConfiguration: { disablePasswordAuthentication: true } }, networkProfile: { networkInterfaces: [] } } };
    expect((await armCall("PUT", vm, body)).status).toBeLessThan(300);

    // Both families delivered the person's write (the host answers after the function ran).
    const writes = await until(async () => {
      const d = (await call(world.emulatorUrl!, "GET", "/_emulator/events/deliveries")).body.value as any[];
      const ids = new Map<string, string>();
      for (const x of d) if (x.outcome === "delivered") x.subjects.forEach((subj: string, i: number) => {
        if (subj.toLowerCase() === vm.toLowerCase() && /ResourceWriteSuccess|CreatedOrUpdated/.test(x.eventTypes[i])) ids.set(x.eventTypes[i], ids.get(x.eventTypes[i]) ?? x.eventIds[i]);
      });
      return ids.size === 2 ? [...ids.values()] : undefined;
    }, "both families' events of the VM write");
    const findings = await until(async () => {
      const f = ((await api("GET", `/api/findings?status=open&subscription=${sub}&guardrail=shadowAi`)).body.value as any[]).filter((x) => x.resourceId.toLowerCase() === vm.toLowerCase() && x.rule === "unapprovedDeployer");
      return f.length > 0 ? f : undefined;
    }, "a shadowAi finding");
    expect(findings).toHaveLength(1);
    expect(findings[0].reason).toContain("erin@contoso.com");
    const audit = (await api("GET", `/api/audit?resourceId=${encodeURIComponent(vm)}`)).body.value as any[];
    expect(new Set(audit.filter((a) => a.action === "decision" && writes.includes(a.details.trigger)).map((a) => a.details.trigger)).size).toBe(1);
  }, 120_000);
});
