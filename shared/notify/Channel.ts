import type { Message } from "./Message";

type ChannelKind = "webhook" | "teams" | "email" | "eventgrid";

/** A notification channel. `send` throws on failure; the router turns that into a failed SendResult. */
export interface Channel {
  name: string;
  kind: ChannelKind;
  /** Recipients the channel can address (email needs addresses); empty = nothing to send. Default: all. */
  accepts?(recipient: string): boolean;
  send(message: Message, signal: AbortSignal): Promise<{ status?: number; id?: string }>;
}

export interface SendResult {
  channel: string;
  kind: ChannelKind;
  outcome: "sent" | "failed" | "skipped";
  recipients: string[];
  status?: number;
  id?: string;
  error?: string;
  at: string;
}
