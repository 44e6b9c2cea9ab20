import { processOverride } from "../overrides/processOverride";
import type { PrincipalDirectory } from "./PrincipalDirectory";

const slot = processOverride<PrincipalDirectory>("principalDirectory");

/**
 * Installed by the host before vending's first call, in place of Microsoft Graph (the local world
 * installs the ARM emulator's directory); in Azure nothing is installed.
 */
export function setPrincipalDirectory(directory: PrincipalDirectory | undefined): void {
  slot.set(directory);
}

export function installedPrincipalDirectory(): PrincipalDirectory | undefined {
  return slot.get();
}
