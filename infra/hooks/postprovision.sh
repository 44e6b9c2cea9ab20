#!/bin/sh
# azd postprovision: grant the ailz identity its roles at the governed management group.
# Skipped (with instructions) when AILZ_ROOT_MANAGEMENT_GROUP_ID is not set.
set -eu

if [ -z "${AILZ_ROOT_MANAGEMENT_GROUP_ID:-}" ]; then
  echo "AILZ_ROOT_MANAGEMENT_GROUP_ID is not set: management-group roles were not granted."
  echo "Run: azd env set AILZ_ROOT_MANAGEMENT_GROUP_ID <mg-id> && azd hooks run postprovision"
  exit 0
fi
: "${AILZ_IDENTITY_PRINCIPAL_ID:?AILZ_IDENTITY_PRINCIPAL_ID is not set: run azd provision first}"
: "${AZURE_LOCATION:?AZURE_LOCATION is not set}"

vending=$(printf '%s' "${AILZ_VENDING_MANAGEMENT_GROUP_IDS:-}" | tr ',' '\n' | sed -e 's/[[:space:]]//g' -e '/^$/d' -e 's/.*/"&"/' | paste -sd, -)

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
