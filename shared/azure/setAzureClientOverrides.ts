import { processOverride } from "../overrides/processOverride";
import type { AzureClientOverrides } from "./AzureClientOverrides";

const slot = processOverride<AzureClientOverrides>("azureClients");

/**
 * Installed by the host before the app builds its clients (the local world does, to reach the
 * ARM emulator); every later createAzureClients and createCredential in the process uses them.
 */
export function setAzureClientOverrides(overrides: AzureClientOverrides | undefined): void {
  slot.set(overrides);
}

export function installedAzureClientOverrides(): AzureClientOverrides {
  return slot.get() ?? {};
}
