import type { SubscriptionClient } from "@azure/arm-subscriptions";
import { call } from "../AzureError";

export interface CreateAliasRequest {
  /** Alias name: the vending request's idempotency key; a repeated PUT returns the same alias. */
  aliasName: string;
  displayName: string;
  billingScope: string;
  workload: "Production" | "DevTest";
  managementGroupId?: string;
  tags?: Record<string, string>;
  subscriptionOwnerId?: string;
  subscriptionTenantId?: string;
}

export interface AliasState {
  aliasName: string;
  provisioningState: "Accepted" | "Succeeded" | "Failed" | string;
  subscriptionId?: string;
}

/**
 * Sends the alias PUT and returns at once with the state Azure reported (usually Accepted):
 * subscription creation can take minutes, so the caller polls getAlias on durable timers.
 * The managementGroupId goes in at creation so the subscription never sits under the default MG.
 */
export async function createAlias(client: SubscriptionClient, request: CreateAliasRequest): Promise<AliasState> {
  const poller = await call(() =>
    client.alias.beginCreate(request.aliasName, {
      properties: {
        displayName: request.displayName,
        billingScope: request.billingScope,
        workload: request.workload,
        additionalProperties: {
          managementGroupId: request.managementGroupId,
          tags: request.tags,
          subscriptionOwnerId: request.subscriptionOwnerId,
          subscriptionTenantId: request.subscriptionTenantId,
        },
      },
    }),
  );
  const state = poller.getOperationState();
  const result = state.result?.properties;
  if (result?.provisioningState) {
    return { aliasName: request.aliasName, provisioningState: result.provisioningState, subscriptionId: result.subscriptionId };
  }
  // The initial response carried no body we could read: ask for the alias directly.
  return (await getAlias(client, request.aliasName)) ?? { aliasName: request.aliasName, provisioningState: "Accepted" };
}

/** The alias's current state; undefined when no alias has that name. */
export async function getAlias(client: SubscriptionClient, aliasName: string): Promise<AliasState | undefined> {
  try {
    const alias = await call(() => client.alias.get(aliasName));
    return {
      aliasName,
      provisioningState: alias.properties?.provisioningState ?? "Accepted",
      subscriptionId: alias.properties?.subscriptionId,
    };
  } catch (e) {
    if ((e as { status?: number }).status === 404) return undefined;
    throw e;
  }
}
