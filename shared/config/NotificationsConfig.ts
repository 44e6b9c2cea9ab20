import { z } from "zod";

const url = z.url();

const WebhookChannel = z
  .object({ type: z.literal("webhook"), name: z.string().min(1), url, headers: z.record(z.string(), z.string()).default({}) })
  .strict();
/** Adaptive Card posted to a Teams Workflows (or incoming-webhook) URL. */
const TeamsChannel = z.object({ type: z.literal("teams"), name: z.string().min(1), url }).strict();
/** Azure Communication Services email; the sender is a verified MailFrom address of the ACS domain. */
const EmailChannel = z
  .object({ type: z.literal("email"), name: z.string().min(1), endpoint: url, sender: z.email() })
  .strict();
/** Findings published as CloudEvents to an Event Grid custom topic. */
const EventGridChannel = z.object({ type: z.literal("eventGrid"), name: z.string().min(1), topicEndpoint: url }).strict();

const NotificationChannel = z.discriminatedUnion("type", [WebhookChannel, TeamsChannel, EmailChannel, EventGridChannel]);
type NotificationChannel = z.infer<typeof NotificationChannel>;

export const NotificationsConfig = z
  .object({
    channels: z.array(NotificationChannel).default([]),
    /** Who hears about a resource with no `owner` tag and no subscription owners. */
    defaultContacts: z.array(z.string().min(1)).default([]),
    /** Who gets the nightly report and platform-level alerts. */
    platformContacts: z.array(z.string().min(1)).default([]),
    /** The tag that names a resource's owner (an email or UPN). */
    ownerTag: z.string().default("owner"),
  })
  .strict();
export type NotificationsConfig = z.infer<typeof NotificationsConfig>;
