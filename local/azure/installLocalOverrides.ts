import { setAzureClientOverrides } from "../../shared/azure/setAzureClientOverrides";
import { setPrincipalDirectory } from "../../shared/vending/setPrincipalDirectory";
import { createEmulatorDirectory } from "./createEmulatorDirectory";
import { localAzureOverrides } from "./localAzureOverrides";

/**
 * Points the app in this process at the ARM emulator: its SDK clients and credentials (through
 * setAzureClientOverrides) and vending's directory (through setPrincipalDirectory). Call before the
 * app builds them; the returned function removes both.
 */
export function installLocalOverrides(emulatorUrl: string, env: Record<string, string | undefined> = process.env): () => void {
  setAzureClientOverrides(localAzureOverrides(emulatorUrl, { token: env.AILZ_LOCAL_TOKEN?.trim() || undefined }));
  setPrincipalDirectory(createEmulatorDirectory(emulatorUrl));
  return () => {
    setAzureClientOverrides(undefined);
    setPrincipalDirectory(undefined);
  };
}
