#!/bin/sh
# azd postdeploy: subscribe ailz's resourceEvents function to the platform subscriptions' resource
# events. azd exports the provisioning outputs (AZURE_FUNCTION_APP_ID, ...) to this environment.
set -eu

: "${AZURE_FUNCTION_APP_ID:?AZURE_FUNCTION_APP_ID is not set: run azd provision first}"
: "${AILZ_STORAGE_ACCOUNT_ID:?AILZ_STORAGE_ACCOUNT_ID is not set: run azd provision first}"
: "${AZURE_LOCATION:?AZURE_LOCATION is not set}"

# Comma-separated subscription ids; empty means the subscription ailz runs in.
watched=$(printf '%s' "${AILZ_WATCHED_SUBSCRIPTION_IDS:-}" | tr ',' '\n' | sed -e 's/[[:space:]]//g' -e '/^$/d' -e 's/.*/"&"/' | paste -sd, -)
# Which topic family delivers resource events: resources (default), resourceNotifications or both.
families="${AILZ_EVENT_FAMILIES:-resources}"

# Event Grid refuses an AzureFunction destination that the host has not indexed yet.
attempt=0
until az resource show --ids "${AZURE_FUNCTION_APP_ID}/functions/resourceEvents" --query id -o tsv >/dev/null 2>&1; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 30 ]; then
    echo "resourceEvents is not listed on ${AZURE_FUNCTION_APP_ID} after 5 minutes; is it registered in functions/index.ts?" >&2
    exit 1
  fi
  echo "waiting for the resourceEvents function to be indexed ($attempt/30)..."
  sleep 10
done

params=$(mktemp)
trap 'rm -f "$params"' EXIT
cat > "$params" <<JSON
{
  "\$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "functionAppId": { "value": "${AZURE_FUNCTION_APP_ID}" },
    "deadLetterStorageAccountId": { "value": "${AILZ_STORAGE_ACCOUNT_ID}" },
    "deadLetterContainerName": { "value": "${AILZ_DEAD_LETTER_CONTAINER:-eventgrid-deadletter}" },
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

# Vending wires each new subscription's events to resourceEvents and its budget alerts to
# /api/budget-alerts: both URLs carry a key that exists only once the code is deployed.
app_rg=$(printf '%s' "$AZURE_FUNCTION_APP_ID" | cut -d/ -f5)
app_name=$(printf '%s' "$AZURE_FUNCTION_APP_ID" | cut -d/ -f9)
app_host=$(az functionapp show -g "$app_rg" -n "$app_name" --query defaultHostName -o tsv)
eg_key=$(az functionapp keys list -g "$app_rg" -n "$app_name" --query "systemKeys.eventgrid_extension" -o tsv)
fn_key=$(az functionapp keys list -g "$app_rg" -n "$app_name" --query "functionKeys.default" -o tsv)
az functionapp config appsettings set -g "$app_rg" -n "$app_name" --output none --settings \
  "AILZ_EVENTS_ENDPOINT=https://${app_host}/runtime/webhooks/EventGrid?functionName=resourceEvents&code=${eg_key}" \
  "AILZ_BUDGET_WEBHOOK_URL=https://${app_host}/api/budget-alerts?code=${fn_key}"
echo "Vending webhook settings set."
