import type { ResourceManagementClient } from "@azure/arm-resources";
import { call } from "../AzureError";

/** Asks for a provider registration and returns its registrationState (Registering until Azure finishes). */
export async function registerProvider(client: ResourceManagementClient, namespace: string): Promise<string> {
  const provider = await call(() => client.providers.register(namespace));
  return provider.registrationState ?? "Registering";
}

export async function getProviderState(client: ResourceManagementClient, namespace: string): Promise<string> {
  const provider = await call(() => client.providers.get(namespace));
  return provider.registrationState ?? "NotRegistered";
}
