import { describe, expect, it } from "vitest";
import { parseResourceId } from "../../../shared/estate/parseResourceId";

describe("parseResourceId", () => {
  it("splits nested resources and lower-cases the type", () => {
    expect(parseResourceId("/subscriptions/ABC/resourceGroups/rg-1/providers/Microsoft.CognitiveServices/accounts/oai/deployments/gpt")).toEqual({
      subscriptionId: "abc",
      resourceGroup: "rg-1",
      type: "microsoft.cognitiveservices/accounts/deployments",
      name: "gpt",
    });
  });

  it("handles subscriptions, groups and management groups", () => {
    expect(parseResourceId("/subscriptions/s1")).toEqual({ subscriptionId: "s1" });
    expect(parseResourceId("/subscriptions/s1/resourceGroups/rg/")).toEqual({ subscriptionId: "s1", resourceGroup: "rg" });
    expect(parseResourceId("/providers/Microsoft.Management/managementGroups/corp").managementGroup).toBe("corp");
  });
});
