// Locally, what infra/events.bicep (postdeploy) does in Azure: every subscription's system topic
// delivers its resource events to the host's `resourceEvents` function (AzureFunction
// destination, resolved by the emulator to the local host). It goes through the same adapter and
// definition vending uses for new subscriptions, so the wiring is the production code path. Both
// topic families are wired by default (infra's `eventFamilies: 'both'`): the event path acts once per change.
import { createAzureClients } from "../shared/azure/clientFactory";
import { subscribeToEventFamilies, type EventFamilies } from "../shared/azure/eventGrid/eventFamilyTopics";
import { listSubscriptions } from "../shared/azure/subscriptions/listSubscriptions";
import { ensureResourceGroup } from "../shared/vending/azure/ensureResourceGroup";
import { localEventsTarget } from "./localEventsTarget";

const EVENTS_RESOURCE_GROUP = "rg-ailz-events";
const SYSTEM_TOPIC = "ailz-resource-events";
const EVENT_SUBSCRIPTION = "ailz";

/** Idempotent (every PUT is); returns how many subscriptions are wired. */
export async function wireResourceEvents(location = "eastus2", families: EventFamilies = "both"): Promise<number> {
  const clients = createAzureClients();
  const target = localEventsTarget();
  let wired = 0;
  for await (const s of listSubscriptions(clients.subscriptions())) {
    if (s.state !== "Enabled") continue;
    await ensureResourceGroup(clients.resources(s.subscriptionId), EVENTS_RESOURCE_GROUP, location, { "ailz-managed": "true" });
    await subscribeToEventFamilies(clients.eventGrid(s.subscriptionId), {
      subscriptionId: s.subscriptionId,
      resourceGroupName: EVENTS_RESOURCE_GROUP,
      systemTopicName: SYSTEM_TOPIC,
      eventSubscriptionName: EVENT_SUBSCRIPTION,
      target,
    }, families);
    wired++;
  }
  return wired;
}
