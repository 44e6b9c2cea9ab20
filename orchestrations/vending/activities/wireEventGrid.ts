import { subscribeToEventFamilies } from "../../../shared/azure/eventGrid/eventFamilyTopics";
import { ensureResourceGroup } from "../../../shared/vending/azure/ensureResourceGroup";
import { vendingNames } from "../../../shared/vending/vendingNames";
import { inStep } from "../inStep";
import { readRequest } from "../requestState";
import type { VendingDeps } from "../VendingDeps";

/** The subscription's system topic(s) of the policy's `vending.eventFamilies`, each with its event subscription to `resourceEvents`, as the platform subscriptions are wired (resourceEventsWiring.json). */
export async function wireEventGrid(deps: VendingDeps, input: { requestId: string; subscriptionId: string }) {
  const s = await readRequest(deps, input.requestId);
  const names = vendingNames(s.request);
  return inStep(deps, input.requestId, "eventGrid", async () => {
    await ensureResourceGroup(deps.clients.resources(input.subscriptionId), names.platformResourceGroup, s.request.regions.primary, { "ailz-managed": "true" });
    const families = deps.policy.vending?.eventFamilies ?? "resources";
    const topics = await subscribeToEventFamilies(deps.clients.eventGrid(input.subscriptionId), {
      subscriptionId: input.subscriptionId,
      resourceGroupName: names.platformResourceGroup,
      systemTopicName: names.systemTopic,
      eventSubscriptionName: names.eventSubscription,
      target: deps.eventsTarget,
    }, families);
    return { families, topics };
  });
}
