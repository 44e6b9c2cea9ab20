import type { Message } from "./Message";

const COLORS: Record<Message["severity"], string> = { info: "Accent", low: "Good", medium: "Warning", high: "Attention", critical: "Attention" };
const looksLikeUpn = (r: string) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(r);

/**
 * The Teams Workflows / incoming-webhook payload: a message with one Adaptive Card 1.4
 * attachment. Recipients that are UPNs are @mentioned (msteams.entities), so Teams notifies them.
 */
export function toAdaptiveCard(message: Message) {
  const mentions = message.recipients.filter(looksLikeUpn);
  const body: unknown[] = [
    { type: "TextBlock", text: message.title, weight: "Bolder", size: "Medium", wrap: true, color: COLORS[message.severity] },
    ...(message.summary ? [{ type: "TextBlock", text: message.summary, wrap: true }] : []),
    ...(message.facts.length ? [{ type: "FactSet", facts: message.facts.map((f) => ({ title: f.name, value: f.value })) }] : []),
    ...(mentions.length ? [{ type: "TextBlock", text: `For: ${mentions.map((m) => `<at>${m}</at>`).join(", ")}`, wrap: true }] : []),
  ];
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body,
          actions: message.links.map((l) => ({ type: "Action.OpenUrl", title: l.title, url: l.url })),
          msteams: {
            width: "Full",
            entities: mentions.map((m) => ({ type: "mention", text: `<at>${m}</at>`, mentioned: { id: m, name: m } })),
          },
        },
      },
    ],
  };
}
