import { getSubscriptionParent, moveSubscription } from "../../../shared/azure/managementGroups/moveSubscription";
import { mergeTags } from "../../../shared/azure/resources/updateTags";
import { subscriptionTags } from "../../../shared/vending/subscriptionTags";
import { inStep } from "../inStep";
import { readRequest } from "../requestState";
import type { VendingDeps } from "../VendingDeps";

/** Reconciles the management group (the alias set it; a move since then is undone) and merges the tags. */
export async function placeSubscription(deps: VendingDeps, input: { requestId: string; subscriptionId: string }) {
  const s = await readRequest(deps, input.requestId);
  const mg = deps.policy.managementGroups.archetypes[s.request.archetype];
  return inStep(deps, input.requestId, "placement", async () => {
    const parent = await getSubscriptionParent(deps.clients.managementGroups(), mg, input.subscriptionId);
    const moved = parent?.toLowerCase() !== mg.toLowerCase();
    if (moved) await moveSubscription(deps.clients.managementGroups(), mg, input.subscriptionId);
    const tags = await mergeTags(deps.clients.resources(input.subscriptionId), `/subscriptions/${input.subscriptionId}`, subscriptionTags(s.request, input.requestId));
    return { managementGroup: mg, moved, tags };
  });
}
