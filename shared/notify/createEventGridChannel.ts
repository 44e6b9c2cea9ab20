import { AzureKeyCredential, EventGridPublisherClient } from "@azure/eventgrid";
import type { TokenCredential } from "@azure/identity";
import type { Channel } from "./Channel";

// Findings (and other notifications) as CloudEvents 1.0 on an Event Grid custom topic, so other
// systems (ITSM, SIEM, dashboards) subscribe without ailz knowing them. type = "ailz.<kind>",
// subject = the resource id.

export function createEventGridChannel(opts: {
  endpoint: string;
  auth: { key: string } | { credential: TokenCredential };
  source?: string;
  name?: string;
}): Channel {
  const client = new EventGridPublisherClient(
    opts.endpoint,
    "CloudEvent",
    "key" in opts.auth ? new AzureKeyCredential(opts.auth.key) : opts.auth.credential,
    // Only the local sink is plain http; Azure topics are https.
    { allowInsecureConnection: opts.endpoint.startsWith("http:") },
  );
  return {
    name: opts.name ?? "eventgrid",
    kind: "eventgrid",
    async send(message, signal) {
      const id = crypto.randomUUID();
      await client.send(
        [
          {
            id,
            type: `ailz.${message.kind}`,
            source: opts.source ?? "/ailz",
            subject: message.resourceId ?? message.guardrail ?? message.title,
            time: new Date(),
            datacontenttype: "application/json",
            data: message,
          },
        ],
        { abortSignal: signal },
      );
      return { id };
    },
  };
}
