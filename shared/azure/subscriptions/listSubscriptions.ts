import type { SubscriptionClient } from "@azure/arm-resources-subscriptions";
import { paged } from "../AzureError";

export interface SubscriptionSummary {
  subscriptionId: string;
  displayName: string;
  state: string;
  tenantId?: string;
  tags: Record<string, string>;
}

/** Every subscription the caller can see, as an async iterable. */
export async function* listSubscriptions(client: SubscriptionClient): AsyncGenerator<SubscriptionSummary> {
  for await (const s of paged(client.subscriptions.list())) {
    if (!s.subscriptionId) continue;
    yield {
      subscriptionId: s.subscriptionId,
      displayName: s.displayName ?? s.subscriptionId,
      state: s.state ?? "Unknown",
      tenantId: s.tenantId,
      tags: s.tags ?? {},
    };
  }
}
