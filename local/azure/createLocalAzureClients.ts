import { loadAzureConfig } from "../../shared/azure/azureConfig";
import { createAzureClients, type AzureClients, type AzureClientsOptions } from "../../shared/azure/clientFactory";
import { localAzureOverrides } from "./localAzureOverrides";

/**
 * The app's SDK clients against the ARM emulator at `emulatorUrl`, for tests and benches that
 * drive the adapters directly. `env` holds the Azure settings (retry tuning, identity) and
 * nothing else of process.env is read; `options` win over the local credential and policies.
 */
export function createLocalAzureClients(emulatorUrl: string, env: Record<string, string | undefined> = {}, options: AzureClientsOptions = {}): AzureClients {
  const config = loadAzureConfig(env);
  return createAzureClients(config, { ...localAzureOverrides(emulatorUrl, { config, token: env.AILZ_LOCAL_TOKEN }), ...options });
}
