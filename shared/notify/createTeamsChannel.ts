import type { Channel } from "./Channel";
import { postJson } from "./postJson";
import { toAdaptiveCard } from "./toAdaptiveCard";

/** Microsoft Teams through a Workflows (or legacy incoming-webhook) URL. */
export function createTeamsChannel(opts: { url: string; name?: string }): Channel {
  return {
    name: opts.name ?? "teams",
    kind: "teams",
    async send(message, signal) {
      const r = await postJson(opts.url, toAdaptiveCard(message), { signal });
      return { status: r.status };
    },
  };
}
