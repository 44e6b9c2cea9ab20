import type { AuditStore } from "../store/ports";
import type { Channel, SendResult } from "./Channel";
import { Message, type MessageInput } from "./Message";
import { resolveRecipients, type RoutedBy, type RoutingFacts } from "./resolveRecipients";

interface NotifyResult {
  recipients: string[];
  routedBy: RoutedBy;
  results: SendResult[];
}

/** The notification port the executors and orchestrations use. Never throws for a failed send. */
export interface Notifier {
  notify(message: MessageInput, routing?: RoutingFacts): Promise<NotifyResult>;
}

type Log = (level: "info" | "warn" | "error", msg: string, extra?: Record<string, unknown>) => void;

/**
 * Routes a message to recipients, fans it out to every channel in parallel, and records each send
 * in the audit log. A channel failure (HTTP error, timeout, bad credential) becomes a failed
 * SendResult and a log line; it never reaches the caller's decision path. Only an invalid message
 * (a programming error) throws.
 */
export function createNotifier(opts: { channels: Channel[]; audit?: AuditStore; log?: Log; timeoutMs?: number; actor?: string }): Notifier {
  const log: Log = opts.log ?? (() => {});
  return {
    async notify(input, routing = {}) {
      const parsed = Message.parse(input);
      const { recipients, routedBy } = resolveRecipients(parsed.recipients, routing);
      const message: Message = { ...parsed, recipients };
      const results = await Promise.all(opts.channels.map((c) => sendOne(c, message, opts.timeoutMs ?? 10_000)));
      for (const r of results) {
        if (r.outcome === "failed") log("warn", `notification via ${r.channel} failed: ${r.error}`, { channel: r.channel, title: message.title });
      }
      if (opts.audit) {
        await Promise.all(
          results.map((r) =>
            opts.audit!
              .append({
                actor: opts.actor ?? "ailz",
                action: `notify.${r.kind}`,
                resourceId: message.resourceId,
                guardrail: message.guardrail,
                reason: message.title,
                outcome: r.outcome === "sent" ? "succeeded" : r.outcome,
                at: r.at,
                details: { channel: r.channel, recipients: r.recipients, routedBy, status: r.status, id: r.id, error: r.error },
              })
              .catch((err: unknown) => log("error", `audit of notification failed: ${String(err)}`)),
          ),
        );
      }
      return { recipients, routedBy, results };
    },
  };
}

async function sendOne(channel: Channel, message: Message, timeoutMs: number): Promise<SendResult> {
  const recipients = channel.accepts ? message.recipients.filter((r) => channel.accepts!(r)) : message.recipients;
  const base = { channel: channel.name, kind: channel.kind, recipients, at: new Date().toISOString() };
  if (channel.accepts && recipients.length === 0) return { ...base, outcome: "skipped", error: "no recipient this channel can address" };
  try {
    const r = await channel.send({ ...message, recipients }, AbortSignal.timeout(timeoutMs));
    return { ...base, outcome: "sent", status: r.status, id: r.id };
  } catch (err) {
    return { ...base, outcome: "failed", status: (err as { status?: number }).status, error: err instanceof Error ? err.message : String(err) };
  }
}
