#!/bin/sh
# azd postdeploy: subscribe ailz's resourceEvents function to the platform subscriptions' resource
# events (infra/events.bicep, the wiring vending also uses), then set the budget webhook setting.
# azd exports the provisioning outputs (AZURE_FUNCTION_APP_ID, ...) to this environment. Every
# step is a PUT or a deployment of the same name: rerunning the hook is safe.
set -eu

# shellcheck source=infra/hooks/azSession.sh
. "$(dirname "$0")/azSession.sh"

require_value AZURE_FUNCTION_APP_ID "run azd provision first"
require_value AILZ_STORAGE_ACCOUNT_ID "run azd provision first"
require_value AILZ_IDENTITY_ID "run azd provision first"
require_value AILZ_LOG_ANALYTICS_WORKSPACE_ID "run azd provision first"
require_value AILZ_ACTION_GROUP_ID "run azd provision first"
require_value AZURE_LOCATION "azd sets it from the environment's location"
arm_id='^/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[A-Za-z0-9._()-]+/providers/'
require_match AZURE_FUNCTION_APP_ID "$AZURE_FUNCTION_APP_ID" "${arm_id}Microsoft\.Web/sites/[A-Za-z0-9-]+$" "a Function App resource id"
require_match AILZ_STORAGE_ACCOUNT_ID "$AILZ_STORAGE_ACCOUNT_ID" "${arm_id}Microsoft\.Storage/storageAccounts/[a-z0-9]+$" "a storage account resource id"
require_match AILZ_IDENTITY_ID "$AILZ_IDENTITY_ID" "${arm_id}Microsoft\.ManagedIdentity/userAssignedIdentities/[A-Za-z0-9_-]+$" "a user-assigned identity resource id"
require_match AILZ_LOG_ANALYTICS_WORKSPACE_ID "$AILZ_LOG_ANALYTICS_WORKSPACE_ID" "${arm_id}Microsoft\.OperationalInsights/workspaces/[A-Za-z0-9-]+$" "a Log Analytics workspace resource id"
require_match AILZ_ACTION_GROUP_ID "$AILZ_ACTION_GROUP_ID" "${arm_id}(Microsoft\.Insights|microsoft\.insights)/actionGroups/[A-Za-z0-9_-]+$" "an action group resource id"
require_match AZURE_LOCATION "$AZURE_LOCATION" '^[a-z0-9]+$' "an Azure region name"
# Which topic family delivers resource events: resources (default), resourceNotifications or both.
families="${AILZ_EVENT_FAMILIES:-resources}"
require_match AILZ_EVENT_FAMILIES "$families" '^(resources|resourceNotifications|both)$' "resources, resourceNotifications or both"
# Comma-separated subscription ids; empty means the subscription ailz runs in.
watched=$(guid_list AILZ_WATCHED_SUBSCRIPTION_IDS "${AILZ_WATCHED_SUBSCRIPTION_IDS:-}")

use_azd_subscription

# Event Grid refuses an AzureFunction destination that the host has not indexed yet.
attempt=0
until az resource show --ids "${AZURE_FUNCTION_APP_ID}/functions/resourceEvents" --query id -o tsv >/dev/null 2>&1; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 30 ]; then
    die "resourceEvents is not listed on ${AZURE_FUNCTION_APP_ID} after 5 minutes; is it registered in functions/index.ts?"
  fi
  echo "waiting for the resourceEvents function to be indexed ($attempt/30)..."
  sleep 10
done

params=$(mktemp)
trap 'rm -f "$params"' EXIT
# Every value below was checked above (ids, GUIDs, a boolean): none can break out of its JSON string.
cat > "$params" <<JSON
{
  "\$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "functionAppId": { "value": "${AZURE_FUNCTION_APP_ID}" },
    "deadLetterStorageAccountId": { "value": "${AILZ_STORAGE_ACCOUNT_ID}" },
    "identityId": { "value": "${AILZ_IDENTITY_ID}" },
    "workspaceId": { "value": "${AILZ_LOG_ANALYTICS_WORKSPACE_ID}" },
    "actionGroupId": { "value": "${AILZ_ACTION_GROUP_ID}" },
    "watchedSubscriptionIds": { "value": [${watched}] },
    "eventFamilies": { "value": "${families}" }
  }
}
JSON

az deployment sub create \
  --name "ailz-events-${AZURE_ENV_NAME:-default}" \
  --location "$AZURE_LOCATION" \
  --template-file ./infra/events.bicep \
  --parameters "@$params" \
  --output none
echo "Event Grid wiring deployed."

# Vending points each new subscription's budget alerts at /api/budget-alerts, whose key exists
# only once the code is deployed. (Its resource events need no key: they go to the function by id.)
app_rg=$(printf '%s' "$AZURE_FUNCTION_APP_ID" | cut -d/ -f5)
app_name=$(printf '%s' "$AZURE_FUNCTION_APP_ID" | cut -d/ -f9)
app_host=$(az functionapp show -g "$app_rg" -n "$app_name" --query defaultHostName -o tsv)
fn_key=$(az functionapp keys list -g "$app_rg" -n "$app_name" --query "functionKeys.default" -o tsv)
if [ -z "$app_host" ] || [ -z "$fn_key" ]; then
  die "could not read the host name or default function key of $app_name"
fi
# AILZ_EVENT_FAMILIES tells the event path whether one change can arrive through two families
# (only then does it claim each change, a table round trip per event).
az functionapp config appsettings set -g "$app_rg" -n "$app_name" --output none --settings \
  "AILZ_BUDGET_WEBHOOK_URL=https://${app_host}/api/budget-alerts?code=${fn_key}" \
  "AILZ_EVENT_FAMILIES=${families}"
echo "Vending budget webhook and event family settings set."
