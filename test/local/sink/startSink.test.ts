import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSink, type Sink } from "../../../local/sink/startSink";

let sink: Sink;
beforeAll(async () => {
  sink = await startSink({ port: 0 });
});
afterAll(async () => {
  await sink.close();
});

const post = (path: string, body: string) => fetch(sink.url + path, { method: "POST", headers: { "content-type": "application/json" }, body });

describe("local notification sink", () => {
  it("records each channel and filters by channel and recipient", async () => {
    await post("/webhook", JSON.stringify({ title: "t1", recipients: ["a@x.com"] }));
    await post("/eventgrid/api/events", JSON.stringify([{ specversion: "1.0", type: "ailz.x", data: { title: "e1", recipients: ["b@x.com"] } }, { specversion: "1.0", type: "ailz.y", data: { recipients: ["a@x.com"] } }]));
    const email = await post("/acs/emails:send?api-version=2023-03-31", JSON.stringify({ senderAddress: "s@x.com", content: { subject: "hello" }, recipients: { to: [{ address: "a@x.com" }] } }));
    expect(email.status).toBe(202);
    const op = await fetch(email.headers.get("operation-location")!);
    expect(await op.json()).toMatchObject({ status: "Succeeded" });

    const forA = (await (await fetch(`${sink.url}/messages?to=a@x.com`)).json()) as { messages: Array<{ channel: string; title?: string }> };
    expect(forA.messages.map((m) => m.channel)).toEqual(["webhook", "eventgrid", "email"]);
    expect(forA.messages[2].title).toBe("hello");
    expect(sink.messages({ channel: "eventgrid" })).toHaveLength(2);
  });

  it("rejects bad JSON and incomplete emails with 400 naming the problem, recording nothing", async () => {
    await fetch(`${sink.url}/messages`, { method: "DELETE" });
    const bad = await post("/teams", "{not json");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/not JSON/);
    const noTo = await post("/acs/emails:send?api-version=2023-03-31", JSON.stringify({ senderAddress: "s@x.com", recipients: { to: [] } }));
    expect(noTo.status).toBe(400);
    expect(((await noTo.json()) as { error: { message: string } }).error.message).toMatch(/recipients.to/);
    expect((await fetch(`${sink.url}/nowhere`, { method: "POST", body: "{}" })).status).toBe(404);
    expect(sink.messages()).toEqual([]);
  });
});
