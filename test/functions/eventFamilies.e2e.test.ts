import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORP, deliveredCopies, gpuVmBody, personToken, startEventsWorld, until, vmId, WRITE, type EventsWorld } from "./support/eventsWorld";

// One hand-made GPU VM (shadow AI) through each topic family the local world can wire, end to end:
// the emulator publishes the subscription topic's ResourceWriteSuccess and/or Resource
// Notifications' CreatedOrUpdated, the host's resourceEvents runs the real pipeline. Either
// family flags it; with both, the change acts once (one of its two events is judged).

const CREATED = "Microsoft.ResourceNotifications.Resources.CreatedOrUpdated";

const openShadowAi = async (w: EventsWorld, id: string) => {
  const r = await w.api("GET", `findings?status=open&subscription=${CORP}&guardrail=shadowAi`);
  expect(r.status).toBe(200);
  return (r.body.value as any[]).filter((f) => f.resourceId.toLowerCase() === id.toLowerCase());
};

describe.each([
  { families: "resources" as const, types: [WRITE] },
  { families: "resourceNotifications" as const, types: [CREATED] },
  { families: "both" as const, types: [WRITE, CREATED] },
])("a hand-made GPU VM through $families", ({ families, types }) => {
  let w: EventsWorld;
  beforeAll(async () => {
    w = await startEventsWorld({}, { eventFamilies: families });
  }, 180_000);
  afterAll(async () => {
    await w?.stop();
  });

  it("is flagged shadow AI naming the person, once: one finding, one ailz-finding tag, one notification, one event of the change judged", async () => {
    const id = vmId("rg-ml", `gpu-${families.toLowerCase()}`);
    expect((await w.arm("PUT", id, gpuVmBody(), personToken())).status).toBeLessThan(300);
    await until(async () => (await openShadowAi(w, id)).some((f) => f.rule === "unapprovedDeployer"), "a shadowAi finding");
    // Every family's event of the person's write has been delivered (the host answers after the function ran).
    const eventIds: string[] = [];
    for (const t of types) eventIds.push(await w.delivered(id, { eventType: t }));
    const all = await w.deliveries();
    for (const t of [WRITE, CREATED]) if (!types.includes(t)) expect(deliveredCopies(all, id, t).size).toBe(0);

    const findings = await openShadowAi(w, id);
    expect(findings.filter((f) => f.rule === "unapprovedDeployer")).toHaveLength(1);
    expect(findings.find((f) => f.rule === "unapprovedDeployer").reason).toContain("dana@contoso.com");
    await until(async () => (await w.arm("GET", id)).body.tags?.["ailz-finding"] !== undefined, "the ailz-finding tag");
    expect((await w.arm("GET", id)).body.tags["ailz-finding"]).toBe("shadowAi/unapprovedDeployer");

    const audit = (await w.api("GET", `audit?resourceId=${encodeURIComponent(id)}`)).body.value as any[];
    const judged = new Set(audit.filter((a) => a.action === "decision" && eventIds.includes(a.details.trigger)).map((a) => a.details.trigger));
    expect(judged.size).toBe(1);
    expect(audit.filter((a) => a.action === "action.tag")).toHaveLength(1);
    expect(w.sink.messages({ channel: "webhook" }).filter((m) => (m.title ?? "").includes(id.split("/").pop()!))).toHaveLength(1);
  });
});
