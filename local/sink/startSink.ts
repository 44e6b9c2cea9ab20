import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extractMessage } from "./extractMessage";
import type { SinkMessage } from "./SinkMessage";

// The local notification sink: every channel points here when running locally, and it records
// what it receives in the channel's real wire format.
//   POST /webhook[/<name>]                  generic webhook (JSON)
//   POST /teams[/<name>]                    Teams Workflows payload (Adaptive Card)
//   POST /acs/emails:send?api-version=...   ACS email (202 + Operation-Location, like the service)
//   GET  /acs/emails/operations/<id>        -> {id, status: "Succeeded"}
//   POST /eventgrid/api/events              Event Grid publish (CloudEvents batch; one record per event)
//   GET  /messages?channel=&to=&name=       recorded messages, oldest first
//   DELETE /messages                        clear
// Bad JSON gets a 400 with the reason; nothing is recorded for it.

export interface Sink {
  url: string;
  /** Endpoints to configure the channels with. */
  urls: { webhook: string; teams: string; acsEndpoint: string; eventGridEndpoint: string };
  messages(filter?: { channel?: string; to?: string; name?: string }): SinkMessage[];
  close(): Promise<void>;
}

export async function startSink(opts: { port?: number; host?: string } = {}): Promise<Sink> {
  const recorded: SinkMessage[] = [];
  const filterMessages = (f: { channel?: string; to?: string; name?: string }) =>
    recorded.filter(
      (m) =>
        (!f.channel || m.channel === f.channel) &&
        (!f.name || m.name === f.name) &&
        (!f.to || m.to.some((t) => t.toLowerCase() === f.to!.toLowerCase())),
    );

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => reply(res, 500, { error: { code: "SinkError", message: String(err) } }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sink");
    const path = url.pathname;
    if (req.method === "GET" && path === "/messages") {
      return reply(res, 200, { messages: filterMessages(Object.fromEntries(url.searchParams)) });
    }
    if (req.method === "DELETE" && path === "/messages") {
      recorded.length = 0;
      return reply(res, 204);
    }
    const op = /^\/acs\/emails\/operations\/([^/]+)$/.exec(path);
    if (req.method === "GET" && op) return reply(res, 200, { id: op[1], status: "Succeeded" });
    if (req.method !== "POST") return reply(res, 404, { error: { code: "NotFound", message: `no route ${req.method} ${path}` } });

    const raw = await readBody(req);
    let body: any;
    try {
      body = raw.length ? JSON.parse(raw) : undefined;
    } catch (err) {
      return reply(res, 400, { error: { code: "InvalidJson", message: `body is not JSON: ${(err as Error).message}` } });
    }
    const auth = authOf(req);
    const record = (channel: SinkMessage["channel"], name: string, payload: unknown) => {
      const m: SinkMessage = { id: randomUUID(), channel, name, receivedAt: new Date().toISOString(), auth, body: payload, ...extractMessage(channel, payload) };
      recorded.push(m);
      return m;
    };

    const named = /^\/(webhook|teams)(?:\/([^/]+))?$/.exec(path);
    if (named) {
      const channel = named[1] as "webhook" | "teams";
      record(channel, named[2] ? decodeURIComponent(named[2]) : channel, body);
      return reply(res, channel === "teams" ? 202 : 200, channel === "teams" ? undefined : { ok: true });
    }
    if (path === "/acs/emails:send") {
      if (!body?.senderAddress || !Array.isArray(body?.recipients?.to) || body.recipients.to.length === 0) {
        return reply(res, 400, { error: { code: "BadRequest", message: "senderAddress and recipients.to are required" } });
      }
      const m = record("email", "email", body);
      const location = `http://${req.headers.host}/acs/emails/operations/${m.id}?api-version=${url.searchParams.get("api-version") ?? ""}`;
      return reply(res, 202, { id: m.id, status: "Running" }, { "operation-location": location });
    }
    if (path === "/eventgrid/api/events") {
      const events = Array.isArray(body) ? body : [body];
      for (const e of events) record("eventgrid", "eventgrid", e);
      return reply(res, 200);
    }
    return reply(res, 404, { error: { code: "NotFound", message: `no route POST ${path}` } });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${opts.host ?? "127.0.0.1"}:${port}`;
  return {
    url,
    urls: { webhook: `${url}/webhook`, teams: `${url}/teams`, acsEndpoint: `${url}/acs`, eventGridEndpoint: `${url}/eventgrid/api/events` },
    messages: (f = {}) => filterMessages(f),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function authOf(req: IncomingMessage): SinkMessage["auth"] {
  const a = String(req.headers.authorization ?? "");
  if (a.startsWith("HMAC-SHA256")) return "hmac";
  if (a.startsWith("Bearer ")) return "bearer";
  if (req.headers["aeg-sas-key"] || req.headers["aeg-sas-token"]) return "sas-key";
  return "none";
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function reply(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}
