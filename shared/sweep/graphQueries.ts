import { EXEMPT_TAG } from "../engine/exemptions/parseExemptTag";
import { AI_RESOURCE_TYPES } from "../guardrails/aiResourceTypes";
import { DATA_SERVICE_TYPES } from "../guardrails/privateLinkCoverage/params";

// The sweep's Resource Graph queries: few and large. Each projects `id` and orders by it so
// Azure pages them with $skipToken; each covers a whole batch of subscriptions.

/** Resource types the hygiene guardrails and the scorecard look at, in every subscription. */
const SWEEP_TYPES = [...new Set([
  // AKS node pools come inline in their cluster's agentPoolProfiles, so the child type is not queried.
  ...AI_RESOURCE_TYPES.filter((t) => t !== "microsoft.containerservice/managedclusters/agentpools"),
  "microsoft.network/privateendpoints",
  // The data services privateLinkCoverage checks (key vaults are counted by the scorecard too).
  ...DATA_SERVICE_TYPES,
])];

const list = (xs: readonly string[]) => xs.map((x) => `'${x.replace(/'/g, "")}'`).join(", ");

/** Resource groups tagged as sandboxes or carrying an exemption tag (run over the whole scope). */
export function taggedGroupsQuery(tagName: string, tagValue: string): string {
  return `resourcecontainers
| where type == 'microsoft.resources/subscriptions/resourcegroups' and (tostring(tags['${tagName.replace(/'/g, "")}']) =~ '${tagValue.replace(/'/g, "")}' or isnotempty(tostring(tags['${EXEMPT_TAG}'])))
| project id, name, subscriptionId, tags
| order by id asc`;
}

/** How long Resource Graph keeps change records (the `resourcechanges` table). */
export const CHANGE_RETENTION_DAYS = 14;

/**
 * The newest change inside each sandbox of the batch, not made by ailz itself: one row per
 * (subscription, resource group) with changes in the retention window (resourceGroup "" for
 * subscription-level ones). Resource Graph's resource rows carry no change times, so this is how
 * a sweep that has recorded no activity yet learns each sandbox's last write.
 */
export function sandboxChangesQuery(sandboxSubscriptions: readonly string[], sandboxGroups: readonly string[], ownIdentity: string): string {
  const where: string[] = [];
  if (sandboxSubscriptions.length) where.push(`subscriptionId in~ (${list(sandboxSubscriptions)})`);
  if (sandboxGroups.length) where.push(`strcat(subscriptionId, '/', resourceGroup) in~ (${list(sandboxGroups)})`);
  return `resourcechanges
| extend changeTime = todatetime(properties.changeAttributes.timestamp), changedBy = tostring(properties.changeAttributes.changedBy)
| where (${where.join(" or ")}) and changeTime > ago(${CHANGE_RETENTION_DAYS}d) and changedBy !~ '${ownIdentity.replace(/'/g, "")}'
| summarize lastChange = max(changeTime) by subscriptionId, resourceGroup
| extend id = strcat(subscriptionId, '/', resourceGroup)
| project id, lastChange
| order by id asc`;
}

/**
 * The batch's resources of interest: AI and compute resources everywhere, plus everything inside
 * sandboxes (whole sandbox subscriptions and sandbox resource groups) for the lifecycle.
 */
export function resourcesQuery(sandboxSubscriptions: readonly string[], sandboxGroups: readonly string[]): string {
  const where = [`type in~ (${list(SWEEP_TYPES)})`];
  if (sandboxSubscriptions.length) where.push(`subscriptionId in~ (${list(sandboxSubscriptions)})`);
  if (sandboxGroups.length) where.push(`strcat(subscriptionId, '/', resourceGroup) in~ (${list(sandboxGroups)})`);
  return `resources
| where ${where.join(" or ")}
| project id, name, type, location, subscriptionId, resourceGroup, kind, sku, tags, properties, identity, managedBy
| order by id asc`;
}
