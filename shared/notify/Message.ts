import { z } from "zod";

/** What any channel can render: a title, a summary, a facts table, links and who it is for. */
export const Message = z.object({
  title: z.string().min(1),
  summary: z.string().default(""),
  severity: z.enum(["info", "low", "medium", "high", "critical"]).default("info"),
  facts: z.array(z.object({ name: z.string(), value: z.string() })).default([]),
  links: z.array(z.object({ title: z.string(), url: z.url() })).default([]),
  /** UPNs/emails or object ids; filled by the router when empty. */
  recipients: z.array(z.string().min(1)).default([]),
  /** What the message is about, for machine consumers (webhook, Event Grid): e.g. "finding.flagged". */
  kind: z.string().default("notification"),
  resourceId: z.string().optional(),
  guardrail: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type Message = z.infer<typeof Message>;
export type MessageInput = z.input<typeof Message>;
