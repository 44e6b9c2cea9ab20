import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { toResourceFacts } from "../../../shared/estate/toResourceFacts";

describe("toResourceFacts", () => {
  it("maps an ARM body with systemData (Date or string) and the subscription's placement", () => {
    const f = toResourceFacts(
      {
        id: "/subscriptions/S1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1",
        name: "vm1",
        type: "Microsoft.Compute/virtualMachines",
        location: "EastUS2",
        tags: null,
        properties: { hardwareProfile: { vmSize: "Standard_NC6s_v3" } },
        systemData: { createdBy: "alice@contoso.com", createdByType: "User", createdAt: new Date("2025-01-01T00:00:00Z"), lastModifiedAt: "2025-01-02T00:00:00Z" },
      },
      { managementGroupPath: ["alz", "landingzones", "corp"], archetype: "corp" },
    );
    expect(f).toMatchObject({ type: "microsoft.compute/virtualmachines", location: "eastus2", subscriptionId: "s1", resourceGroup: "rg", tags: {}, createdBy: "alice@contoso.com", createdAt: "2025-01-01T00:00:00.000Z", archetype: "corp" });
  });

  it("names the bad field of an unusable body", () => {
    try {
      toResourceFacts({ id: "/subscriptions/s/resourceGroups/r/providers/X.Y/z/n", systemData: { createdByType: "Robot" } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ZodError);
      expect((e as ZodError).issues[0]!.path).toEqual(["createdByType"]);
    }
  });
});
