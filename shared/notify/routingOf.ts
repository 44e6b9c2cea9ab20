import type { Policy } from "../config/Policy";
import type { RoutingFacts } from "./resolveRecipients";

const valueOf = (tags: Record<string, string> | undefined, name: string) => Object.entries(tags ?? {}).find(([k]) => k.toLowerCase() === name)?.[1];

/**
 * Who hears about a resource, for both paths: its own owner tag (the policy's `ownerTag`), else
 * its resource group's, else the subscription's owner tag (or `owners`), else the policy's
 * default contacts (resolveRecipients takes the first that names anyone).
 */
export function routingOf(policy: Policy, tags: { resource?: Record<string, string>; group?: Record<string, string>; subscription?: Record<string, string> }): RoutingFacts {
  const tag = policy.notifications.ownerTag.toLowerCase();
  const subOwners = valueOf(tags.subscription, tag) ?? valueOf(tags.subscription, "owners");
  return {
    ownerTag: valueOf(tags.resource, tag) ?? valueOf(tags.group, tag),
    subscriptionOwners: subOwners ? subOwners.split(/[;,]/) : [],
    defaultContacts: policy.notifications.defaultContacts,
  };
}
