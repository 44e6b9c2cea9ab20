// Notification channels and the router (see createNotifier).
export { Message, type MessageInput } from "./Message";
export type { Channel, ChannelKind, SendResult } from "./Channel";
export { createNotifier, type Notifier, type NotifyResult } from "./createNotifier";
export { resolveRecipients, type RoutingFacts, type RoutedBy } from "./resolveRecipients";
export { createWebhookChannel } from "./createWebhookChannel";
export { createTeamsChannel } from "./createTeamsChannel";
export { toAdaptiveCard } from "./toAdaptiveCard";
export { createAcsEmailChannel, type AcsAuth } from "./createAcsEmailChannel";
export { signAcsRequest, parseAcsConnectionString } from "./signAcsRequest";
export { createEventGridChannel } from "./createEventGridChannel";
