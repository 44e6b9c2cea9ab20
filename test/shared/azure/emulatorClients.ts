import { register as registerTsxRequire } from "tsx/cjs/api";
import { startEmulator, type RunningEmulator } from "../../../local/arm/startEmulator";
import type { EstateJson } from "../../../local/arm/state/schemas";
import type { AzureClients } from "../../../shared/azure/clientFactory";
import { createLocalAzureClients } from "../../../local/azure/createLocalAzureClients";

// local/arm/routes/index.ts loads route families with Node's require(), which cannot load .ts
// files inside vitest (vitest transforms imports, not require). Until that index imports them
// statically, tsx's CommonJS hook lets those require() calls resolve.
registerTsxRequire();

export interface EmulatorWithClients {
  emu: RunningEmulator;
  clients: AzureClients;
  /** POST/PUT/DELETE on the emulator's control API. */
  control(method: string, path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** Starts the ARM emulator on a free port with `estate` and builds the real SDK clients against it. */
export async function emulatorWithClients(estate: EstateJson, env: Record<string, string> = {}): Promise<EmulatorWithClients> {
  const emu = await startEmulator({ port: 0, estate, eventsEnabled: false });
  const clients = createLocalAzureClients(emu.url, { AILZ_ARM_RETRY_DELAY_MS: "20", AILZ_ARM_MAX_RETRY_DELAY_MS: "2000", ...env });
  return {
    emu,
    clients,
    async control(method, path, body) {
      const res = await fetch(`${emu.url}/_emulator${path}`, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : undefined;
    },
    close: () => emu.close(),
  };
}

export const SUB_A = "11111111-0000-4000-8000-00000000000a";
export const SUB_B = "11111111-0000-4000-8000-00000000000b";
export const SUB_C = "11111111-0000-4000-8000-00000000000c";

export function vm(sub: string, rg: string, name: string, size: string, location = "eastus", power = "running") {
  return {
    id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`,
    name,
    type: "Microsoft.Compute/virtualMachines",
    location,
    tags: {},
    properties: { hardwareProfile: { vmSize: size }, extended: { instanceView: { powerState: { code: `PowerState/${power}` } } } },
  };
}

export function rg(sub: string, name: string, location = "eastus") {
  return { id: `/subscriptions/${sub}/resourceGroups/${name}`, name, type: "Microsoft.Resources/resourceGroups", location, tags: {}, properties: { provisioningState: "Succeeded" } };
}
