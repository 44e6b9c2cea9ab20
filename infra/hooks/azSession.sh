# shellcheck shell=sh
# Sourced by the azd hooks: an `az` session on the subscription azd provisioned into.
# `azd auth login` does not sign in `az`, and `az` may point at any subscription: both are
# checked here, before anything is deployed, so a hook stops with a message instead of half-way.

# die MESSAGE: print to stderr and stop the hook.
die() {
  printf '%s\n' "$*" >&2
  exit 1
}

# require_value NAME HINT: stop unless the environment variable NAME is set and not empty.
require_value() {
  eval "require_value_v=\${$1:-}"
  [ -n "$require_value_v" ] || die "$1 is not set: $2"
}

# require_match NAME VALUE EXTENDED-REGEX WHAT: stop unless VALUE is what it should be, so
# nothing unchecked reaches a JSON file or a command line.
require_match() {
  printf '%s' "$2" | grep -Eq "$3" || die "$1 must be $4; got '$2'"
}

# use_azd_subscription: az signed in, on AZURE_SUBSCRIPTION_ID (azd sets it for every hook).
use_azd_subscription() {
  command -v az >/dev/null 2>&1 || die "the Azure CLI (az) is not installed: https://learn.microsoft.com/cli/azure/install-azure-cli"
  require_value AZURE_SUBSCRIPTION_ID "azd sets it for its hooks; run this hook with 'azd hooks run <name>'"
  az account show --only-show-errors --output none >/dev/null 2>&1 ||
    die "az is not signed in (azd auth login does not sign in the Azure CLI): run 'az login --tenant ${AZURE_TENANT_ID:-<tenant>}', then 'azd hooks run <name>'"
  az account set --only-show-errors --subscription "$AZURE_SUBSCRIPTION_ID" ||
    die "az cannot select subscription $AZURE_SUBSCRIPTION_ID: sign in with an account that can see it ('az login'), then rerun"
}

# guid_list NAME VALUE: a comma-separated list of GUIDs as JSON array items ("a","b"), each checked.
guid_list() {
  guid_list_out=""
  for guid_list_item in $(printf '%s' "$2" | tr ',' ' '); do
    require_match "$1" "$guid_list_item" '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' "a comma-separated list of subscription ids"
    guid_list_out="${guid_list_out:+$guid_list_out,}\"$guid_list_item\""
  done
  printf '%s' "$guid_list_out"
}
