import { randomUUID } from "node:crypto";
import type { TokenCredential } from "@azure/identity";
import type { Channel } from "./Channel";
import type { Message } from "./Message";
import { postJson } from "./postJson";
import { signAcsRequest } from "./signAcsRequest";

// Email through Azure Communication Services' REST API (the @azure/communication-email SDK is not a
// dependency): POST {endpoint}/emails:send?api-version=2023-03-31, authenticated either with the
// resource's access key (HMAC) or an Entra token for https://communication.azure.com. The service
// answers 202 with an Operation-Location to poll; a 202 is treated as sent (delivery is the
// service's job), and the operation id is returned for the audit record.
// `repeatability-request-id` makes a retried send a no-op on the service side.

const API_VERSION = "2023-03-31";
const SCOPE = "https://communication.azure.com//.default";
const isAddress = (r: string) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(r);

export type AcsAuth = { accessKey: string } | { credential: TokenCredential };

export function createAcsEmailChannel(opts: { endpoint: string; senderAddress: string; auth: AcsAuth; name?: string }): Channel {
  const url = `${opts.endpoint.replace(/\/+$/, "")}/emails:send?api-version=${API_VERSION}`;
  return {
    name: opts.name ?? "email",
    kind: "email",
    accepts: isAddress,
    async send(message, signal) {
      const body = JSON.stringify(toEmail(message, opts.senderAddress));
      const auth =
        "accessKey" in opts.auth
          ? signAcsRequest({ method: "POST", url, body, accessKey: opts.auth.accessKey })
          : { authorization: `Bearer ${(await opts.auth.credential.getToken(SCOPE, { abortSignal: signal }))?.token ?? ""}` };
      const r = await postJson(url, undefined, {
        text: body,
        signal,
        headers: { ...auth, "repeatability-request-id": randomUUID(), "repeatability-first-sent": new Date().toUTCString() },
      });
      const id = (r.text ? (JSON.parse(r.text) as { id?: string }).id : undefined) ?? r.headers.get("operation-location") ?? undefined;
      return { status: r.status, id };
    },
  };
}

function toEmail(m: Message, senderAddress: string) {
  const facts = m.facts.map((f) => `${f.name}: ${f.value}`).join("\n");
  const links = m.links.map((l) => `${l.title}: ${l.url}`).join("\n");
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return {
    senderAddress,
    content: {
      subject: `[ailz ${m.severity}] ${m.title}`,
      plainText: [m.summary, facts, links].filter(Boolean).join("\n\n"),
      html:
        `<h2>${esc(m.title)}</h2><p>${esc(m.summary)}</p>` +
        (m.facts.length ? `<table>${m.facts.map((f) => `<tr><th align="left">${esc(f.name)}</th><td>${esc(f.value)}</td></tr>`).join("")}</table>` : "") +
        (m.links.length ? `<ul>${m.links.map((l) => `<li><a href="${esc(l.url)}">${esc(l.title)}</a></li>`).join("")}</ul>` : ""),
    },
    recipients: { to: m.recipients.filter(isAddress).map((address) => ({ address })) },
  };
}
