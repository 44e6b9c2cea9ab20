# azd postprovision (Windows): see postprovision.sh; same steps.
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'azSession.ps1')

if (-not $env:AILZ_ROOT_MANAGEMENT_GROUP_ID) {
  Write-Host 'AILZ_ROOT_MANAGEMENT_GROUP_ID is not set: management-group roles were not granted.'
  Write-Host 'Run: azd env set AILZ_ROOT_MANAGEMENT_GROUP_ID <mg-id>; azd hooks run postprovision'
  exit 0
}
foreach ($name in 'AILZ_IDENTITY_PRINCIPAL_ID', 'AZURE_LOCATION') {
  if (-not [Environment]::GetEnvironmentVariable($name)) { throw "$name is not set: run azd provision first" }
}

$vending = @()
if ($env:AILZ_VENDING_MANAGEMENT_GROUP_IDS) {
  $vending = @($env:AILZ_VENDING_MANAGEMENT_GROUP_IDS.Split(',') | ForEach-Object { $_.Trim() } | Where-Object { $_ })
}
Use-AzdSubscription

$params = [ordered]@{
  '$schema'      = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#'
  contentVersion = '1.0.0.0'
  parameters     = [ordered]@{
    principalId               = @{ value = $env:AILZ_IDENTITY_PRINCIPAL_ID }
    vendingManagementGroupIds = @{ value = $vending }
    platformLogAnalyticsWorkspaceId = @{ value = "$env:AILZ_LOG_ANALYTICS_WORKSPACE_ID" }
  }
}
$file = New-TemporaryFile
try {
  $params | ConvertTo-Json -Depth 5 | Set-Content -Path $file -Encoding utf8
  $envName = if ($env:AZURE_ENV_NAME) { $env:AZURE_ENV_NAME } else { 'default' }
  az deployment mg create --name "ailz-roles-$envName" --management-group-id $env:AILZ_ROOT_MANAGEMENT_GROUP_ID `
    --location $env:AZURE_LOCATION --template-file ./infra/roles/main.bicep --parameters "@$file" --output none
  if ($LASTEXITCODE -ne 0) { throw 'az deployment mg create failed' }
} finally {
  Remove-Item $file -ErrorAction SilentlyContinue
}
Write-Host "ailz roles granted at management group $($env:AILZ_ROOT_MANAGEMENT_GROUP_ID)."
