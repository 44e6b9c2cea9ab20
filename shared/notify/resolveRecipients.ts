export interface RoutingFacts {
  /** The resource's `owner` tag value (one or more, separated by , or ;). */
  ownerTag?: string;
  /** The subscription's owners (UPNs or object ids), e.g. from its tags or Owner role assignments. */
  subscriptionOwners?: string[];
  /** The policy's default contacts. */
  defaultContacts?: string[];
}

export type RoutedBy = "explicit" | "owner-tag" | "subscription-owners" | "default-contacts" | "none";

/** First non-empty source wins: explicit recipients, the owner tag, the subscription's owners, the policy's defaults. */
export function resolveRecipients(explicit: string[], facts: RoutingFacts): { recipients: string[]; routedBy: RoutedBy } {
  const clean = (xs: string[] | undefined) => [...new Set((xs ?? []).map((x) => x.trim()).filter(Boolean))];
  const candidates: Array<[RoutedBy, string[]]> = [
    ["explicit", clean(explicit)],
    ["owner-tag", clean(facts.ownerTag?.split(/[;,]/))],
    ["subscription-owners", clean(facts.subscriptionOwners)],
    ["default-contacts", clean(facts.defaultContacts)],
  ];
  const hit = candidates.find(([, r]) => r.length > 0);
  return hit ? { recipients: hit[1], routedBy: hit[0] } : { recipients: [], routedBy: "none" };
}
