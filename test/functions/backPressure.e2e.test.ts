import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORP, gpuVmBody, PERSON, pipelineToken, startEventsWorld, until, vmId, WRITE, type EventsWorld } from "./support/eventsWorld";

// Back-pressure through the local host and the real resourceEvents function: with room for one
// event at a time and no wait, a delivery of several events is answered at once with a 500 (the
// events that found no slot never ran), and Event Grid's redeliveries of that same delivery finish
// it: every event acted on exactly once.

const N = 6;
const personClaims = { "http://schemas.microsoft.com/identity/claims/objectidentifier": PERSON.oid, "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn": PERSON.upn, name: PERSON.name, idtyp: "user" };

describe("resourceEvents under back-pressure (AILZ_EVENT_MAX_IN_FLIGHT=1, AILZ_EVENT_MAX_WAIT_MS=1)", () => {
  let w: EventsWorld;
  beforeAll(async () => {
    w = await startEventsWorld({}, { env: { AILZ_EVENT_MAX_IN_FLIGHT: "1", AILZ_EVENT_MAX_WAIT_MS: "1" } });
  });
  afterAll(async () => {
    await w?.stop();
  });

  it("a busy instance fails the delivery fast instead of holding it; the redeliveries act once per event", async () => {
    const ids = Array.from({ length: N }, (_, i) => vmId("rg-ml", `gpu-busy-${i}`));
    // Created by the pipeline: no finding, and nothing audited for shadowAi (their own deliveries
    // meet the same back-pressure and are retried by the emulator's Event Grid meanwhile).
    for (const id of ids) expect((await w.arm("PUT", id, gpuVmBody(), pipelineToken())).status).toBeLessThan(300);

    const delivery = ids.map((id) => ({
      id: randomUUID(), topic: `/subscriptions/${CORP}`, subject: id, eventType: WRITE, eventTime: new Date().toISOString(),
      data: { resourceUri: id, operationName: "Microsoft.Compute/virtualMachines/write", status: "Succeeded", subscriptionId: CORP, claims: personClaims },
      dataVersion: "2", metadataVersion: "1",
    }));
    const post = () =>
      fetch(`${w.local.hostUrl}/runtime/webhooks/EventGrid?functionName=resourceEvents`, {
        method: "POST",
        headers: { "x-functions-key": w.local.functionKey, "content-type": "application/json", "aeg-event-type": "Notification" },
        body: JSON.stringify(delivery),
      });
    const first = await post();
    expect(first.status).toBe(500);
    expect(await first.json()).toMatchObject({ error: { code: "EventsFailed" } });

    let attempts = 1;
    for (let res = first; res.status !== 202; attempts++) {
      expect(attempts).toBeLessThan(5 * N);
      res = await post();
    }
    expect(attempts).toBeGreaterThan(1);

    for (const id of ids) {
      await until(async () => ((await w.api("GET", `findings?status=open&subscription=${CORP}&guardrail=shadowAi`)).body.value as any[]).some((f) => f.resourceId.toLowerCase() === id.toLowerCase()), `the finding on ${id}`);
      const audit = (await w.api("GET", `audit?resourceId=${encodeURIComponent(id)}`)).body.value as any[];
      const event = delivery.find((e) => e.subject === id)!.id;
      // One decision and one "would deallocate" for the person's event, however often it was delivered.
      expect(audit.filter((a) => a.action === "decision" && a.guardrail === "shadowAi" && a.details?.trigger === event)).toHaveLength(1);
      expect(audit.filter((a) => a.action === "action.deallocate" && a.details?.trigger === event)).toHaveLength(1);
    }
  });
});
