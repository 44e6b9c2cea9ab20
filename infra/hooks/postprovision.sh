#!/bin/sh
# azd postprovision: grant the ailz identity its roles at the governed management group.
# Skipped (with instructions) when AILZ_ROOT_MANAGEMENT_GROUP_ID is not set. A deployment of the
# same name with the same parameters: rerunning the hook is safe.
set -eu

# shellcheck source=infra/hooks/azSession.sh
. "$(dirname "$0")/azSession.sh"

if [ -z "${AILZ_ROOT_MANAGEMENT_GROUP_ID:-}" ]; then
  echo "AILZ_ROOT_MANAGEMENT_GROUP_ID is not set: management-group roles were not granted."
  echo "Run: azd env set AILZ_ROOT_MANAGEMENT_GROUP_ID <mg-id> && azd hooks run postprovision"
  exit 0
fi
require_value AILZ_IDENTITY_PRINCIPAL_ID "run azd provision first"
require_value AZURE_LOCATION "azd sets it from the environment's location"
require_match AILZ_IDENTITY_PRINCIPAL_ID "$AILZ_IDENTITY_PRINCIPAL_ID" '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' "an object id (GUID)"
require_match AILZ_ROOT_MANAGEMENT_GROUP_ID "$AILZ_ROOT_MANAGEMENT_GROUP_ID" '^[A-Za-z0-9._()-]{1,90}$' "a management group id"
require_match AZURE_LOCATION "$AZURE_LOCATION" '^[a-z0-9]+$' "an Azure region name"

# Comma-separated management group ids (each checked like the root's).
vending=""
for mg in $(printf '%s' "${AILZ_VENDING_MANAGEMENT_GROUP_IDS:-}" | tr ',' ' '); do
  require_match AILZ_VENDING_MANAGEMENT_GROUP_IDS "$mg" '^[A-Za-z0-9._()-]{1,90}$' "a comma-separated list of management group ids"
  vending="${vending:+$vending,}\"$mg\""
done

use_azd_subscription

params=$(mktemp)
trap 'rm -f "$params"' EXIT
cat > "$params" <<JSON
{
  "\$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "principalId": { "value": "${AILZ_IDENTITY_PRINCIPAL_ID}" },
    "vendingManagementGroupIds": { "value": [${vending}] },
    "platformLogAnalyticsWorkspaceId": { "value": "${AILZ_LOG_ANALYTICS_WORKSPACE_ID:-}" }
  }
}
JSON

az deployment mg create \
  --name "ailz-roles-${AZURE_ENV_NAME:-default}" \
  --management-group-id "$AILZ_ROOT_MANAGEMENT_GROUP_ID" \
  --location "$AZURE_LOCATION" \
  --template-file ./infra/roles/main.bicep \
  --parameters "@$params" \
  --output none
echo "ailz roles granted at management group ${AILZ_ROOT_MANAGEMENT_GROUP_ID}."
