# azd postdeploy (Windows): see postdeploy.sh; same steps.
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'azSession.ps1')

foreach ($name in 'AZURE_FUNCTION_APP_ID', 'AILZ_STORAGE_ACCOUNT_ID', 'AILZ_IDENTITY_ID', 'AILZ_LOG_ANALYTICS_WORKSPACE_ID', 'AILZ_ACTION_GROUP_ID', 'AZURE_LOCATION') {
  if (-not [Environment]::GetEnvironmentVariable($name)) { throw "$name is not set: run azd provision first" }
}

$watched = @()
if ($env:AILZ_WATCHED_SUBSCRIPTION_IDS) {
  $watched = @($env:AILZ_WATCHED_SUBSCRIPTION_IDS.Split(',') | ForEach-Object { $_.Trim() } | Where-Object { $_ })
}
foreach ($id in $watched) { if ($id -notmatch '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$') { throw "AILZ_WATCHED_SUBSCRIPTION_IDS must be a comma-separated list of subscription ids; got '$id'" } }
# Which topic family delivers resource events: resources (default), resourceNotifications or both.
$families = if ($env:AILZ_EVENT_FAMILIES) { $env:AILZ_EVENT_FAMILIES } else { 'resources' }
if ($families -notmatch '^(resources|resourceNotifications|both)$') { throw "AILZ_EVENT_FAMILIES must be resources, resourceNotifications or both; got '$families'" }

Use-AzdSubscription

$attempt = 0
while ($true) {
  az resource show --ids "$($env:AZURE_FUNCTION_APP_ID)/functions/resourceEvents" --query id -o tsv *> $null
  if ($LASTEXITCODE -eq 0) { break }
  $attempt++
  if ($attempt -ge 30) { throw "resourceEvents is not listed on $($env:AZURE_FUNCTION_APP_ID) after 5 minutes; is it registered in functions/index.ts?" }
  Write-Host "waiting for the resourceEvents function to be indexed ($attempt/30)..."
  Start-Sleep -Seconds 10
}

$params = [ordered]@{
  '$schema'      = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#'
  contentVersion = '1.0.0.0'
  parameters     = [ordered]@{
    functionAppId                = @{ value = $env:AZURE_FUNCTION_APP_ID }
    deadLetterStorageAccountId   = @{ value = $env:AILZ_STORAGE_ACCOUNT_ID }
    identityId                   = @{ value = $env:AILZ_IDENTITY_ID }
    workspaceId                  = @{ value = $env:AILZ_LOG_ANALYTICS_WORKSPACE_ID }
    actionGroupId                = @{ value = $env:AILZ_ACTION_GROUP_ID }
    watchedSubscriptionIds       = @{ value = $watched }
    eventFamilies                = @{ value = $families }
  }
}
$file = New-TemporaryFile
try {
  $params | ConvertTo-Json -Depth 5 | Set-Content -Path $file -Encoding utf8
  $envName = if ($env:AZURE_ENV_NAME) { $env:AZURE_ENV_NAME } else { 'default' }
  az deployment sub create --name "ailz-events-$envName" --location $env:AZURE_LOCATION `
    --template-file ./infra/events.bicep --parameters "@$file" --output none
  if ($LASTEXITCODE -ne 0) { throw 'az deployment sub create failed' }
} finally {
  Remove-Item $file -ErrorAction SilentlyContinue
}
Write-Host 'Event Grid wiring deployed.'

# Vending points each new subscription's budget alerts at /api/budget-alerts, whose key exists
# only once the code is deployed. (Its resource events need no key: they go to the function by id.)
$parts = $env:AZURE_FUNCTION_APP_ID.Split('/')
$appRg = $parts[4]; $appName = $parts[8]
$appHost = az functionapp show -g $appRg -n $appName --query defaultHostName -o tsv
$fnKey = az functionapp keys list -g $appRg -n $appName --query "functionKeys.default" -o tsv
if (-not $appHost -or -not $fnKey) { throw "could not read the host name or default function key of $appName" }
# AILZ_EVENT_FAMILIES tells the event path whether one change can arrive through two families
# (only then does it claim each change, a table round trip per event).
az functionapp config appsettings set -g $appRg -n $appName --output none --settings `
  "AILZ_BUDGET_WEBHOOK_URL=https://$appHost/api/budget-alerts?code=$fnKey" `
  "AILZ_EVENT_FAMILIES=$families"
if ($LASTEXITCODE -ne 0) { throw 'setting the vending budget webhook and event family app settings failed' }
Write-Host 'Vending budget webhook and event family settings set.'
