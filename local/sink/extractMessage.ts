import type { SinkMessage } from "./SinkMessage";

type Parsed = Pick<SinkMessage, "to" | "title">;
const strings = (xs: unknown): string[] => (Array.isArray(xs) ? xs.filter((x): x is string => typeof x === "string") : []);

/** Recipients and title from each channel's real wire format. */
export function extractMessage(channel: SinkMessage["channel"], body: any): Parsed {
  switch (channel) {
    case "webhook":
      return { to: strings(body?.recipients), title: body?.title };
    case "teams": {
      const card = body?.attachments?.[0]?.content;
      const mentions = Array.isArray(card?.msteams?.entities) ? card.msteams.entities.map((e: any) => e?.mentioned?.id) : [];
      const title = Array.isArray(card?.body) ? card.body.find((b: any) => b?.type === "TextBlock")?.text : undefined;
      return { to: strings(mentions), title };
    }
    case "email": {
      const r = body?.recipients ?? {};
      const addrs = [...(r.to ?? []), ...(r.cc ?? []), ...(r.bcc ?? [])].map((x: any) => x?.address);
      return { to: strings(addrs), title: body?.content?.subject };
    }
    case "eventgrid":
      return { to: strings(body?.data?.recipients), title: body?.data?.title ?? body?.type };
    default: {
      const never: never = channel;
      throw new Error(`unknown channel ${String(never)}`);
    }
  }
}
