import type { ResourceEventsTarget } from "../shared/azure/eventGrid/resourceEventsWiring";

// The local world's stand-ins for the deployment facts infra/app/api.bicep gives the app in Azure
// (AILZ_FUNCTION_APP_ID, AILZ_STORAGE_ACCOUNT_ID, AILZ_IDENTITY_ID): where resource events go.
// The emulator resolves the function app id to the local host (PUT /_emulator/events {functionApps}).

const RG = "/subscriptions/00000000-0000-4000-8000-00000000a115/resourceGroups/rg-ailz-local/providers";

const LOCAL_EVENTS_TARGET: ResourceEventsTarget = {
  functionAppId: `${RG}/Microsoft.Web/sites/func-ailz-local`,
  deadLetterStorageAccountId: `${RG}/Microsoft.Storage/storageAccounts/stailzlocal`,
  identityId: `${RG}/Microsoft.ManagedIdentity/userAssignedIdentities/id-ailz-local`,
};

/** The target the settings name, the local stand-ins for any left unset. */
export function localEventsTarget(env: Record<string, string | undefined> = process.env): ResourceEventsTarget {
  return {
    functionAppId: env.AILZ_FUNCTION_APP_ID || LOCAL_EVENTS_TARGET.functionAppId,
    deadLetterStorageAccountId: env.AILZ_STORAGE_ACCOUNT_ID || LOCAL_EVENTS_TARGET.deadLetterStorageAccountId,
    identityId: env.AILZ_IDENTITY_ID || LOCAL_EVENTS_TARGET.identityId,
  };
}
