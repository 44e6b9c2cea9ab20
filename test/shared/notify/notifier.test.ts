import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSink, type Sink } from "../../../local/sink/startSink";
import { createAcsEmailChannel } from "../../../shared/notify/createAcsEmailChannel";
import { createEventGridChannel } from "../../../shared/notify/createEventGridChannel";
import { createNotifier } from "../../../shared/notify/createNotifier";
import { createTeamsChannel } from "../../../shared/notify/createTeamsChannel";
import { createWebhookChannel } from "../../../shared/notify/createWebhookChannel";
import { resolveRecipients } from "../../../shared/notify/resolveRecipients";
import { signAcsRequest } from "../../../shared/notify/signAcsRequest";
import { createMemoryStores } from "../../support/memory/createMemoryStores";

let sink: Sink;
beforeAll(async () => {
  sink = await startSink({ port: 0 });
});
afterAll(async () => {
  await sink.close();
});
beforeEach(async () => {
  await fetch(`${sink.url}/messages`, { method: "DELETE" });
});

const VM = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/gpu1";
const message = {
  title: "Shadow AI: GPU VM created by hand",
  summary: "gpu1 (Standard_NC24ads_A100_v4) was created in the portal by Alice.",
  severity: "high" as const,
  kind: "finding.flagged",
  resourceId: VM,
  guardrail: "shadowAi",
  facts: [{ name: "Rule", value: "notApprovedDeployer" }],
  links: [{ title: "Finding", url: "https://ailz.example/api/findings?guardrail=shadowAi" }],
};

function allChannels() {
  return [
    createWebhookChannel({ url: sink.urls.webhook + "/ops" }),
    createTeamsChannel({ url: sink.urls.teams }),
    createAcsEmailChannel({ endpoint: sink.urls.acsEndpoint, senderAddress: "ailz@contoso.com", auth: { accessKey: Buffer.from("k".repeat(32)).toString("base64") } }),
    createEventGridChannel({ endpoint: sink.urls.eventGridEndpoint, auth: { key: "local-key" }, source: "/ailz/test" }),
  ];
}

async function sinkMessages(query: string) {
  const r = await fetch(`${sink.url}/messages?${query}`);
  return ((await r.json()) as { messages: Array<Record<string, any>> }).messages;
}

describe("notifier over real HTTP to the local sink", () => {
  it("delivers to every channel in its wire format, routed to the owner tag, and audits each send", async () => {
    const stores = createMemoryStores();
    const notifier = createNotifier({ channels: allChannels(), audit: stores.audit });
    const r = await notifier.notify(message, { ownerTag: "alice@contoso.com; bob@contoso.com", subscriptionOwners: ["carol@contoso.com"], defaultContacts: ["platform@contoso.com"] });
    expect(r.routedBy).toBe("owner-tag");
    expect(r.recipients).toEqual(["alice@contoso.com", "bob@contoso.com"]);
    expect(r.results.map((x) => [x.kind, x.outcome])).toEqual([["webhook", "sent"], ["teams", "sent"], ["email", "sent"], ["eventgrid", "sent"]]);

    const forAlice = await sinkMessages("to=ALICE@contoso.com");
    expect(forAlice.map((m) => m.channel).sort()).toEqual(["email", "eventgrid", "teams", "webhook"]);

    const [teams] = await sinkMessages("channel=teams");
    expect(teams.body.type).toBe("message");
    expect(teams.body.attachments[0].contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(teams.body.attachments[0].content).toMatchObject({ type: "AdaptiveCard", version: "1.4" });
    expect(teams.title).toBe(message.title);

    const [email] = await sinkMessages("channel=email");
    expect(email.auth).toBe("hmac");
    expect(email.body.senderAddress).toBe("ailz@contoso.com");
    expect(email.body.content.subject).toContain(message.title);
    expect(r.results[2].id).toBe(email.id);

    const [eg] = await sinkMessages("channel=eventgrid");
    expect(eg.auth).toBe("sas-key");
    expect(eg.body).toMatchObject({ specversion: "1.0", type: "ailz.finding.flagged", source: "/ailz/test", subject: VM });
    expect(eg.body.data.guardrail).toBe("shadowAi");

    const [hook] = await sinkMessages("channel=webhook&name=ops");
    expect(hook.body).toMatchObject({ type: "ailz.finding.flagged", title: message.title, resourceId: VM });

    const audit = await stores.audit.query({ resourceId: VM });
    expect(audit.map((a) => a.action).sort()).toEqual(["notify.email", "notify.eventgrid", "notify.teams", "notify.webhook"]);
    expect(audit.every((a) => a.outcome === "succeeded")).toBe(true);
  });

  it("a failing channel does not throw: it is a failed result (audited) and the others still deliver", async () => {
    const broken = createServer((_req, res) => res.writeHead(500).end("boom"));
    await new Promise<void>((r) => broken.listen(0, "127.0.0.1", r));
    const brokenUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}/hook`;
    const stores = createMemoryStores();
    const logs: string[] = [];
    const notifier = createNotifier({
      channels: [createWebhookChannel({ url: brokenUrl, name: "broken" }), createWebhookChannel({ url: "http://127.0.0.1:1/unreachable", name: "down" }), createTeamsChannel({ url: sink.urls.teams })],
      audit: stores.audit,
      log: (_l, msg) => logs.push(msg),
    });
    const r = await notifier.notify(message, { defaultContacts: ["platform@contoso.com"] });
    broken.close();
    expect(r.results.map((x) => [x.channel, x.outcome])).toEqual([["broken", "failed"], ["down", "failed"], ["teams", "sent"]]);
    expect(r.results[0]).toMatchObject({ status: 500 });
    expect(r.results[0].error).toMatch(/500/);
    expect(logs).toHaveLength(2);
    expect((await stores.audit.query({ resourceId: VM })).filter((a) => a.outcome === "failed")).toHaveLength(2);
    expect(await sinkMessages("channel=teams&to=platform@contoso.com")).toHaveLength(1);
  });

  it("email is skipped (not failed) when no recipient is an address", async () => {
    const notifier = createNotifier({ channels: allChannels().filter((c) => c.kind === "email") });
    const r = await notifier.notify(message, { subscriptionOwners: ["2f1c5b3e-0000-0000-0000-000000000abc"] });
    expect(r.results[0].outcome).toBe("skipped");
    expect(await sinkMessages("channel=email")).toHaveLength(0);
  });
});

describe("routing rules", () => {
  it("owner tag, then subscription owners, then the policy's default contacts", () => {
    expect(resolveRecipients([], { ownerTag: " a@x.com ,b@x.com", subscriptionOwners: ["c@x.com"], defaultContacts: ["d@x.com"] })).toEqual({ recipients: ["a@x.com", "b@x.com"], routedBy: "owner-tag" });
    expect(resolveRecipients([], { ownerTag: " ", subscriptionOwners: ["c@x.com", "c@x.com"], defaultContacts: ["d@x.com"] })).toEqual({ recipients: ["c@x.com"], routedBy: "subscription-owners" });
    expect(resolveRecipients([], { subscriptionOwners: [], defaultContacts: ["d@x.com"] })).toEqual({ recipients: ["d@x.com"], routedBy: "default-contacts" });
    expect(resolveRecipients(["e@x.com"], { ownerTag: "a@x.com" })).toEqual({ recipients: ["e@x.com"], routedBy: "explicit" });
    expect(resolveRecipients([], {})).toEqual({ recipients: [], routedBy: "none" });
  });
});

describe("ACS HMAC signing", () => {
  it("signs VERB, path+query and date;host;content-hash with the decoded key", async () => {
    const { createHmac, createHash } = await import("node:crypto");
    const key = Buffer.from("secret-key-bytes").toString("base64");
    const date = new Date("2025-03-01T12:00:00Z");
    const h = signAcsRequest({ method: "post", url: "https://acs.communication.azure.com/emails:send?api-version=2023-03-31", body: "{}", accessKey: key, date });
    const hash = createHash("sha256").update("{}").digest("base64");
    const expected = createHmac("sha256", Buffer.from("secret-key-bytes"))
      .update(`POST\n/emails:send?api-version=2023-03-31\nSat, 01 Mar 2025 12:00:00 GMT;acs.communication.azure.com;${hash}`)
      .digest("base64");
    expect(h).toEqual({
      "x-ms-date": "Sat, 01 Mar 2025 12:00:00 GMT",
      "x-ms-content-sha256": hash,
      authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${expected}`,
    });
  });
});
