import type { CognitiveServicesManagementClient, Account } from "@azure/arm-cognitiveservices";
import { call, getOrUndefined } from "../AzureError";

export interface AiAccountHardening {
  publicNetworkAccess?: "Enabled" | "Disabled";
  disableLocalAuth?: boolean;
}

export async function getAiAccount(client: CognitiveServicesManagementClient, resourceGroupName: string, accountName: string): Promise<Account | undefined> {
  return getOrUndefined(() => client.accounts.get(resourceGroupName, accountName));
}

/**
 * PATCHes only the hardening properties (public network access, key auth) and waits: the account
 * update completes in seconds and the guardrail wants to confirm the new state.
 */
export async function hardenAiAccount(
  client: CognitiveServicesManagementClient,
  resourceGroupName: string,
  accountName: string,
  change: AiAccountHardening,
): Promise<Account> {
  return call(() =>
    client.accounts.beginUpdateAndWait(resourceGroupName, accountName, {
      properties: {
        ...(change.publicNetworkAccess ? { publicNetworkAccess: change.publicNetworkAccess } : {}),
        ...(change.disableLocalAuth !== undefined ? { disableLocalAuth: change.disableLocalAuth } : {}),
      },
    }),
  );
}
