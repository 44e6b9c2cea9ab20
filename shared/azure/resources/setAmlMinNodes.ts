import type { ResourceManagementClient } from "@azure/arm-resources";
import { call } from "../AzureError";
import { armScope } from "../armScope";
import { apiVersions } from "./apiVersions";
import { getResourceById } from "./getResourceById";

const API = apiVersions["microsoft.machinelearningservices/workspaces/computes"]!;

/** An Azure ML compute cluster's scale minimum (undefined: the compute does not exist). */
export async function getAmlMinNodes(client: ResourceManagementClient, computeId: string): Promise<number | undefined> {
  const c = await getResourceById(client, computeId);
  if (!c) return undefined;
  return Number(((c.properties as { properties?: { scaleSettings?: { minNodeCount?: number } } } | undefined)?.properties?.scaleSettings?.minNodeCount) ?? 0);
}

/** Sets an AML cluster's minNodeCount (PUT of the compute as read, only scaleSettings.minNodeCount changed). */
export async function setAmlMinNodes(client: ResourceManagementClient, computeId: string, minNodeCount: number): Promise<void> {
  const c = await getResourceById(client, computeId);
  if (!c) return;
  const props = (c.properties ?? {}) as { properties?: { scaleSettings?: Record<string, unknown> } };
  const body = { location: c.location, tags: c.tags, properties: { ...props, properties: { ...props.properties, scaleSettings: { ...props.properties?.scaleSettings, minNodeCount } } } };
  await call(() => client.resources.beginCreateOrUpdateByIdAndWait(armScope(computeId), API, body, { updateIntervalInMs: 0 }));
}
