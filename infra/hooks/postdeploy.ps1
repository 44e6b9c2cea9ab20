# azd postdeploy (Windows): see postdeploy.sh; same steps.
$ErrorActionPreference = 'Stop'

foreach ($name in 'AZURE_FUNCTION_APP_ID', 'AILZ_STORAGE_ACCOUNT_ID', 'AZURE_LOCATION') {
  if (-not [Environment]::GetEnvironmentVariable($name)) { throw "$name is not set: run azd provision first" }
}

$watched = @()
if ($env:AILZ_WATCHED_SUBSCRIPTION_IDS) {
  $watched = @($env:AILZ_WATCHED_SUBSCRIPTION_IDS.Split(',') | ForEach-Object { $_.Trim() } | Where-Object { $_ })
}
# Which topic family delivers resource events: resources (default), resourceNotifications or both.
$families = if ($env:AILZ_EVENT_FAMILIES) { $env:AILZ_EVENT_FAMILIES } else { 'resources' }
$deadLetterContainer = if ($env:AILZ_DEAD_LETTER_CONTAINER) { $env:AILZ_DEAD_LETTER_CONTAINER } else { 'eventgrid-deadletter' }

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
    deadLetterContainerName      = @{ value = $deadLetterContainer }
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

# Vending wires each new subscription's events to resourceEvents and its budget alerts to
# /api/budget-alerts: both URLs carry a key that exists only once the code is deployed.
$parts = $env:AZURE_FUNCTION_APP_ID.Split('/')
$appRg = $parts[4]; $appName = $parts[8]
$appHost = az functionapp show -g $appRg -n $appName --query defaultHostName -o tsv
$egKey = az functionapp keys list -g $appRg -n $appName --query "systemKeys.eventgrid_extension" -o tsv
$fnKey = az functionapp keys list -g $appRg -n $appName --query "functionKeys.default" -o tsv
az functionapp config appsettings set -g $appRg -n $appName --output none --settings `
  "AILZ_EVENTS_ENDPOINT=https://$appHost/runtime/webhooks/EventGrid?functionName=resourceEvents&code=$egKey" `
  "AILZ_BUDGET_WEBHOOK_URL=https://$appHost/api/budget-alerts?code=$fnKey"
if ($LASTEXITCODE -ne 0) { throw 'setting the vending webhook app settings failed' }
Write-Host 'Vending webhook settings set.'
