import { register as registerTsxRequire } from "tsx/cjs/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../local/arm/startEmulator";
import { installLocalOverrides } from "../../../local/azure/installLocalOverrides";
import { loadAzureConfig } from "../../../shared/azure/azureConfig";
import { createAzureClients } from "../../../shared/azure/clientFactory";
import { listSubscriptions } from "../../../shared/azure/subscriptions/listSubscriptions";
import { installedPrincipalDirectory } from "../../../shared/vending/setPrincipalDirectory";

// The emulator's route index loads its families with require(); see test/shared/azure/emulatorClients.ts.
registerTsxRequire();

const SUB = "11111111-0000-4000-8000-0000000000aa";
const OWNER = "22222222-0000-4000-8000-0000000000aa";
let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({
    port: 0,
    eventsEnabled: false,
    estate: {
      subscriptions: [{ subscriptionId: SUB, displayName: "corp-ai" }],
      principals: [{ objectId: OWNER, type: "User", upn: "owner@contoso.com", displayName: "Owner" }],
    },
  });
});
afterAll(() => emu?.close());

describe("installLocalOverrides", () => {
  it("points the app's unconfigured clients and vending's directory at the emulator, until removed", async () => {
    const uninstall = installLocalOverrides(emu.url, {});
    try {
      const subs = [];
      for await (const s of listSubscriptions(createAzureClients(loadAzureConfig({})).subscriptions())) subs.push(s.subscriptionId);
      expect(subs).toEqual([SUB]);
      const resolved = await installedPrincipalDirectory()!.resolve(["owner@contoso.com"]);
      expect(resolved.get("owner@contoso.com")).toMatchObject({ objectId: OWNER, type: "User" });
    } finally {
      uninstall();
    }
    expect(installedPrincipalDirectory()).toBeUndefined();
    expect(createAzureClients(loadAzureConfig({})).credential.constructor.name).toBe("DefaultAzureCredential");
  });
});
