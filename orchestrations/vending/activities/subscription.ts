import { AzureError } from "../../../shared/azure/AzureError";
import { createAlias, getAlias, type AliasState } from "../../../shared/azure/subscriptions/createAlias";
import { aliasNameFor } from "../../../shared/vending/requestIdFor";
import { subscriptionTags } from "../../../shared/vending/subscriptionTags";
import { vendingNames } from "../../../shared/vending/vendingNames";
import { inStep } from "../inStep";
import { readRequest } from "../requestState";
import type { VendingDeps } from "../VendingDeps";

const succeeded = (a: AliasState) => a.provisioningState === "Succeeded";
const mgId = (name: string) => `/providers/Microsoft.Management/managementGroups/${name}`;

/**
 * PUT the alias (named from the request, so a replay or a retry gets the same subscription) with
 * the archetype's management group set at creation. Returns Azure's state without waiting:
 * the orchestrator polls on durable timers.
 */
export async function createSubscription(deps: VendingDeps, input: { requestId: string }): Promise<AliasState> {
  const s = await readRequest(deps, input.requestId);
  const r = s.request;
  return inStep(deps, input.requestId, "subscription", () =>
    createAlias(deps.clients.subscriptionAliases(), {
      aliasName: aliasNameFor(input.requestId),
      displayName: vendingNames(r).displayName,
      billingScope: deps.vending.billingScope,
      workload: deps.vending.workloadByEnvironment[r.environment],
      managementGroupId: mgId(deps.policy.managementGroups.archetypes[r.archetype]),
      tags: subscriptionTags(r, input.requestId),
      subscriptionTenantId: deps.tenantId,
    }), succeeded);
}

/** One poll of the alias; a Failed alias is a permanent failure with Azure's state as the error. */
export async function checkSubscription(deps: VendingDeps, input: { requestId: string }): Promise<AliasState> {
  return inStep(deps, input.requestId, "subscription", async () => {
    const a = await getAlias(deps.clients.subscriptionAliases(), aliasNameFor(input.requestId));
    if (!a) throw new AzureError("AliasNotFound", `alias ${aliasNameFor(input.requestId)} does not exist`, 404, false);
    if (a.provisioningState === "Failed") throw new AzureError("SubscriptionCreationFailed", `alias ${a.aliasName} provisioning failed`, 409, false);
    return a;
  }, succeeded);
}
