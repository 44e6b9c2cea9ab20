import type { ResourceManagementClient, GenericResource } from "@azure/arm-resources";
import { call, getOrUndefined } from "../AzureError";
import { armScope } from "../armScope";
import { apiVersions, resourceTypeOf } from "./apiVersions";

const discovered = new Map<string, string>();

/** Reads any resource by id (undefined when it does not exist), picking the api-version per type. */
export async function getResourceById(client: ResourceManagementClient, resourceId: string): Promise<GenericResource | undefined> {
  const apiVersion = await apiVersionFor(client, resourceTypeOf(resourceId));
  return getOrUndefined(() => client.resources.getById(armScope(resourceId), apiVersion));
}

/** The api-version to use for a resource type: the table first, else the provider's newest stable version. */
async function apiVersionFor(client: ResourceManagementClient, resourceType: string): Promise<string> {
  const key = resourceType.toLowerCase();
  const known = apiVersions[key] ?? discovered.get(key);
  if (known) return known;
  const [namespace, ...typeParts] = resourceType.split("/");
  const provider = await call(() => client.providers.get(namespace!));
  const type = provider.resourceTypes?.find((t) => t.resourceType?.toLowerCase() === typeParts.join("/").toLowerCase());
  const versions = (type?.apiVersions ?? []).filter((v) => !v.includes("preview")).sort().reverse();
  const version = versions[0] ?? type?.apiVersions?.[0];
  if (!version) throw new Error(`No api-version known for resource type ${resourceType}`);
  discovered.set(key, version);
  return version;
}
