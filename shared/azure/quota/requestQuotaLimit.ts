import type { AzureQuotaExtensionAPI } from "@azure/arm-quota";
import { call } from "../AzureError";
import { computeQuotaScope } from "./computeScope";

export interface QuotaRequestState {
  /** Accepted, InProgress, Succeeded, Failed... (Microsoft.Quota's provisioningState). */
  provisioningState: string;
  limit?: number;
}

/**
 * Asks for a new limit on one compute family (an increase: Azure does not lower subscription
 * quota this way; hand quota back through quota groups instead). Returns after Azure accepted the
 * request; the limit shows in listComputeQuota once it is approved.
 */
export async function requestQuotaLimit(
  client: AzureQuotaExtensionAPI,
  subscriptionId: string,
  location: string,
  family: string,
  limit: number,
): Promise<QuotaRequestState> {
  const scope = computeQuotaScope(subscriptionId, location);
  const poller = await call(() =>
    client.quota.beginUpdate(family, scope, {
      properties: { limit: { limitObjectType: "LimitValue", value: limit }, name: { value: family } },
    }),
  );
  const state = poller.getOperationState();
  const result = state.result as { properties?: { provisioningState?: string; limit?: { value?: number } } } | undefined;
  return {
    provisioningState: result?.properties?.provisioningState ?? (state.status === "succeeded" ? "Succeeded" : "Accepted"),
    limit: result?.properties?.limit?.value,
  };
}
