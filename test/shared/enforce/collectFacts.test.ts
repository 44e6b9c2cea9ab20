import { describe, expect, it } from "vitest";
import { collectFacts } from "../../../shared/facts/collectFacts";
import { createSubscriptionDirectory } from "../../../shared/facts/createSubscriptionDirectory";
import { normaliseEvent } from "../../../shared/events/normaliseEvent";
import type { ResourceEvent } from "../../../shared/events/ResourceEvent";
import { examplePolicy } from "../fixtures/policy";
import { CONTAINERS, CORP, fakeAzure, fakeFacts, gpuVm, userClaims, vmId, writeEvent } from "./fakes";

const ev = (raw: unknown): ResourceEvent => {
  const r = normaliseEvent(raw);
  if (r.kind !== "event") throw new Error(JSON.stringify(r));
  return r.event;
};

describe("subscription directory", () => {
  it("answers every subscription from one Resource Graph query, root-first path and archetype, until the TTL", async () => {
    const azure = fakeAzure();
    const facts = fakeFacts(azure, CONTAINERS);
    let t = 0;
    const dir = createSubscriptionDirectory(facts, examplePolicy(), { ttlMs: 1000, missRefreshMs: 100, now: () => t });
    const [a, b] = await Promise.all([dir.get(CORP), dir.get(CORP.toUpperCase())]);
    expect(facts.queries).toBe(1);
    expect(a).toMatchObject({ id: CORP, managementGroupPath: ["tenant", "alz", "landingzones", "corp"], archetype: "corp" });
    expect(b).toEqual(a);
    // An unknown subscription refreshes at most once per missRefreshMs, then reads as archetype none.
    t = 50;
    expect((await dir.get("ffffffff-0000-4000-8000-000000000000")).archetype).toBe("none");
    expect(facts.queries).toBe(1);
    t = 200;
    await dir.get("ffffffff-0000-4000-8000-000000000000");
    expect(facts.queries).toBe(2);
    t = 1300;
    await dir.get(CORP);
    expect(facts.queries).toBe(3);
  });
});

describe("collectFacts", () => {
  it("re-reads a resource through ARM when the event carries no body", async () => {
    const azure = fakeAzure();
    azure.resources.set(vmId("f1").toLowerCase(), gpuVm("f1"));
    const facts = fakeFacts(azure, CONTAINERS);
    const out = await collectFacts(ev(writeEvent(vmId("f1"), userClaims())), facts, createSubscriptionDirectory(facts, examplePolicy()));
    expect(out.source).toBe("arm");
    expect(out.resource?.properties).toEqual({ hardwareProfile: { vmSize: "Standard_NC24ads_A100_v4" } });
    expect(out.resource?.archetype).toBe("corp");
  });

  const notification = (resourceInfo: Record<string, unknown>) => ({
    id: "n1", topic: `/subscriptions/${CORP}`, subject: vmId("f2"), eventType: "Microsoft.ResourceNotifications.Resources.CreatedOrUpdated", eventTime: "2025-01-15T10:00:00Z", dataVersion: "1",
    data: { resourceInfo: { id: vmId("f2"), name: "f2", type: "Microsoft.Compute/virtualMachines", location: "eastus2", tags: { owner: "x" }, properties: { hardwareProfile: { vmSize: "Standard_ND96asr_v4" } }, ...resourceInfo }, operationalInfo: { resourceEventTime: "2025-01-15T10:00:00Z" } },
  });

  it("uses a Resource Notifications payload that names its writer (systemData) as is, without reading ARM", async () => {
    const azure = fakeAzure();
    const facts = fakeFacts(azure, CONTAINERS);
    let reads = 0;
    const counting = { ...facts, readResource: async (id: string) => (reads++, facts.readResource(id)) };
    const raw = notification({ systemData: { createdBy: "dana@contoso.com", createdByType: "User", createdAt: "2025-01-15T10:00:00Z" } });
    const out = await collectFacts(ev(raw), counting, createSubscriptionDirectory(facts, examplePolicy()));
    expect(out.source).toBe("payload");
    expect(reads).toBe(0);
    expect(out.resource?.tags).toEqual({ owner: "x" });
    expect(out.resource?.createdBy).toBe("dana@contoso.com");
  });

  it("re-reads through ARM when the payload names no writer (the documented ARN payload): shadowAi judges who made it", async () => {
    const azure = fakeAzure();
    azure.resources.set(vmId("f2").toLowerCase(), { ...gpuVm("f2"), systemData: { createdBy: "dana@contoso.com", createdByType: "User" } });
    const facts = fakeFacts(azure, CONTAINERS);
    const out = await collectFacts(ev(notification({})), facts, createSubscriptionDirectory(facts, examplePolicy()));
    expect(out.source).toBe("arm");
    expect(out.resource?.createdBy).toBe("dana@contoso.com");
  });

  it("a delete or a vanished resource yields no resource", async () => {
    const azure = fakeAzure();
    const facts = fakeFacts(azure, CONTAINERS);
    const dir = createSubscriptionDirectory(facts, examplePolicy());
    expect((await collectFacts(ev(writeEvent(vmId("gone"), userClaims())), facts, dir)).resource).toBeUndefined();
    expect((await collectFacts(ev(writeEvent(vmId("gone"), userClaims(), { kind: "Delete" })), facts, dir)).source).toBe("none");
  });
});
