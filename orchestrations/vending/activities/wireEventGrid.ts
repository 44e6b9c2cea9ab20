import { subscribeToResourceEvents } from "../../../shared/azure/eventGrid/subscribeToResourceEvents";
import { ensureResourceGroup } from "../../../shared/vending/azure/ensureResourceGroup";
import { vendingNames } from "../../../shared/vending/vendingNames";
import { inStep } from "../inStep";
import { readRequest } from "../requestState";
import type { VendingDeps } from "../VendingDeps";

/** The subscription's system topic and its event subscription to `resourceEvents`, as the platform subscriptions are wired (resourceEventsWiring.json). */
export async function wireEventGrid(deps: VendingDeps, input: { requestId: string; subscriptionId: string }) {
  const s = await readRequest(deps, input.requestId);
  const names = vendingNames(s.request);
  return inStep(deps, input.requestId, "eventGrid", async () => {
    await ensureResourceGroup(deps.clients.resources(input.subscriptionId), names.platformResourceGroup, s.request.regions.primary, { "ailz-managed": "true" });
    const r = await subscribeToResourceEvents(deps.clients.eventGrid(input.subscriptionId), {
      subscriptionId: input.subscriptionId,
      resourceGroupName: names.platformResourceGroup,
      systemTopicName: names.systemTopic,
      eventSubscriptionName: names.eventSubscription,
      target: deps.eventsTarget,
    });
    return r;
  });
}
