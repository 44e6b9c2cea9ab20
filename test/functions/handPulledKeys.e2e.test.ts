import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountId, CORP, personToken, pipelineToken, rgId, startEventsWorld, TAGS, until, type EventsWorld } from "./support/eventsWorld";

// Keys pulled by hand, end to end: a person (or the approved pipeline) POSTs listKeys /
// regenerateKey to the emulator, which answers with Azure's body and emits ResourceActionSuccess
// with the caller's claims; the host's resourceEvents function judges it with handPulledKeys in
// enforce mode (key auth off in Corp) against the emulator and Azurite.

const ACTION = "Microsoft.Resources.ResourceActionSuccess";
const API = "2024-10-01";
const account = (name: string) => ({
  location: "eastus2",
  kind: "OpenAI",
  sku: { name: "S0" },
  tags: TAGS,
  identity: { type: "SystemAssigned" },
  properties: { publicNetworkAccess: "Disabled", disableLocalAuth: false, customSubDomainName: name },
});

describe("handPulledKeys end to end (enforce)", () => {
  let w: EventsWorld;
  const keyFindings = async (id: string) =>
    ((await w.api("GET", `findings?status=open&subscription=${CORP}&guardrail=handPulledKeys`)).body.value as any[]).filter((f) => f.resourceId.toLowerCase() === id.toLowerCase());

  beforeAll(async () => {
    w = await startEventsWorld({ handPulledKeys: "enforce" });
  }, 180_000);
  afterAll(async () => w?.stop());

  it("a person lists an account's keys: Azure's key body, a finding naming who and which account, key auth turned off", async () => {
    const id = accountId("rg-ml", "oai-keys");
    expect((await w.arm("PUT", id, account("oai-keys"), pipelineToken(), API)).status).toBeLessThan(300);
    const listed = await w.arm("POST", `${id}/listKeys`, undefined, personToken(), API);
    expect(listed.status).toBe(200);
    expect(Object.keys(listed.body).sort()).toEqual(["key1", "key2"]);

    await w.delivered(id, { eventType: ACTION });
    const delivered = (await w.deliveries()).find((d) => d.eventTypes.includes(ACTION));
    expect(delivered).toBeDefined();
    await until(async () => (await keyFindings(id)).length > 0, "a handPulledKeys finding");
    const [f] = await keyFindings(id);
    expect(f).toMatchObject({ rule: "keysPulled", severity: "high", dryRun: false });
    expect(f.reason).toContain("dana@contoso.com listed the keys of oai-keys");
    expect(f.evidence.operation).toBe("Microsoft.CognitiveServices/accounts/listKeys/action");

    await until(async () => (await w.arm("GET", id, undefined, undefined, API)).body.properties.disableLocalAuth === true, "key auth turned off");
    const audit = (await w.api("GET", `audit?resourceId=${encodeURIComponent(id)}`)).body.value as any[];
    expect(audit.some((a) => a.action === "action.disableLocalAuth" && a.outcome === "succeeded")).toBe(true);
    await until(async () => w.sink.messages({ channel: "webhook" }).some((m) => JSON.stringify(m).includes("oai-keys")), "a notification");
  }, 60_000);

  it("regenerating a key by hand rotates it and is named as such", async () => {
    const id = accountId("rg-ml", "oai-rotate");
    expect((await w.arm("PUT", id, account("oai-rotate"), pipelineToken(), API)).status).toBeLessThan(300);
    const before = (await w.arm("POST", `${id}/listKeys`, undefined, pipelineToken(), API)).body;
    const bad = await w.arm("POST", `${id}/regenerateKey`, { keyName: "Key3" }, personToken(), API);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("keyName");
    const after = await w.arm("POST", `${id}/regenerateKey`, { keyName: "Key2" }, personToken(), API);
    expect(after.status).toBe(200);
    expect(after.body.key1).toBe(before.key1);
    expect(after.body.key2).not.toBe(before.key2);
    await until(async () => (await keyFindings(id)).length > 0, "a handPulledKeys finding");
    expect((await keyFindings(id))[0].reason).toContain("regenerated the keys of oai-rotate");
  }, 60_000);

  it("the approved pipeline listing keys stays quiet; a ReadOnly lock refuses listKeys as ARM does", async () => {
    const id = accountId("rg-ops", "oai-pipeline");
    expect((await w.arm("PUT", id, account("oai-pipeline"), pipelineToken(), API)).status).toBeLessThan(300);
    expect((await w.arm("POST", `${id}/listKeys`, undefined, pipelineToken(), API)).status).toBe(200);
    await w.delivered(id, { eventType: ACTION });
    expect(await keyFindings(id)).toEqual([]);
    expect((await w.arm("GET", id, undefined, undefined, API)).body.properties.disableLocalAuth).toBe(false);

    const lock = `${rgId("rg-ops")}/providers/Microsoft.Authorization/locks/ro`;
    expect((await w.arm("PUT", lock, { properties: { level: "ReadOnly" } }, undefined, "2020-05-01")).status).toBeLessThan(300);
    const refused = await w.arm("POST", `${id}/listKeys`, undefined, personToken(), API);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("ScopeLocked");
  }, 60_000);
});
