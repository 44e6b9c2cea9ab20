# Dot-sourced by the azd hooks (Windows): see azSession.sh. An `az` session on the subscription
# azd provisioned into, checked before anything is deployed.
function Use-AzdSubscription {
  if (-not (Get-Command az -ErrorAction SilentlyContinue)) { throw 'the Azure CLI (az) is not installed: https://learn.microsoft.com/cli/azure/install-azure-cli' }
  if (-not $env:AZURE_SUBSCRIPTION_ID) { throw "AZURE_SUBSCRIPTION_ID is not set: azd sets it for its hooks; run this hook with 'azd hooks run <name>'" }
  az account show --only-show-errors --output none *> $null
  if ($LASTEXITCODE -ne 0) { throw "az is not signed in (azd auth login does not sign in the Azure CLI): run 'az login --tenant $($env:AZURE_TENANT_ID)', then 'azd hooks run <name>'" }
  az account set --only-show-errors --subscription $env:AZURE_SUBSCRIPTION_ID
  if ($LASTEXITCODE -ne 0) { throw "az cannot select subscription $($env:AZURE_SUBSCRIPTION_ID): sign in with an account that can see it ('az login'), then rerun" }
}
