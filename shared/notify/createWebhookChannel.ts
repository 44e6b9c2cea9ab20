import type { Channel } from "./Channel";
import { postJson } from "./postJson";

/** Generic webhook: the message as JSON, with a `type` so receivers can route on it. */
export function createWebhookChannel(opts: { url: string; name?: string; headers?: Record<string, string> }): Channel {
  return {
    name: opts.name ?? "webhook",
    kind: "webhook",
    async send(message, signal) {
      const r = await postJson(opts.url, { type: `ailz.${message.kind}`, ...message }, { headers: opts.headers, signal });
      return { status: r.status };
    },
  };
}
