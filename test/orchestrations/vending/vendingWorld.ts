// Shared test fixtures for vending: an estate matching guardrails.yaml's vending section (hub,
// DDoS plan, owners, approver, quota group) and a policy file tuned for fast polls.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";

const TENANT = "7a11ce00-0000-4000-8000-000000000001";
const CONNECTIVITY = "c0c0c0c0-0000-4000-8000-000000000003";
const HUB_RG = "rg-hub-eastus2";
export const HUB_VNET_ID = `/subscriptions/${CONNECTIVITY}/resourceGroups/${HUB_RG}/providers/Microsoft.Network/virtualNetworks/vnet-hub-eastus2`;
export const DDOS_ID = `/subscriptions/${CONNECTIVITY}/resourceGroups/${HUB_RG}/providers/Microsoft.Network/ddosProtectionPlans/ddos-alz`;
export const ALICE = { objectId: "a11ce000-0000-4000-8000-000000000001", upn: "alice@contoso.com" };
const BOB = { objectId: "b0b00000-0000-4000-8000-000000000002", upn: "bob@contoso.com" };
export const TEAM_GROUP = { objectId: "6a0c0000-0000-4000-8000-000000000003" };
export const APPROVER = "00000000-0000-4000-8000-0000000a5500";
export const A100 = "standardNCADSA100v4Family";

export function vendingEstate() {
  const mg = (name: string, parent: string) => ({ name, displayName: name, parent });
  return {
    tenantId: TENANT,
    settings: { aliasDelayMs: 500, providerRegistrationDelayMs: 300, principalPropagationDelayMs: 1_500 },
    managementGroups: [
      mg("alz", TENANT), mg("platform", "alz"), mg("connectivity", "platform"), mg("landingzones", "alz"),
      mg("corp", "landingzones"), mg("online", "landingzones"), mg("sandbox", "alz"), mg("decommissioned", "alz"),
    ],
    subscriptions: [{ subscriptionId: CONNECTIVITY, displayName: "connectivity", managementGroupId: "connectivity" }],
    resourceGroups: [{ id: `/subscriptions/${CONNECTIVITY}/resourceGroups/${HUB_RG}`, name: HUB_RG, type: "Microsoft.Resources/resourceGroups", location: "eastus2", properties: { provisioningState: "Succeeded" } }],
    resources: [
      { id: HUB_VNET_ID, name: "vnet-hub-eastus2", type: "Microsoft.Network/virtualNetworks", location: "eastus2", properties: { provisioningState: "Succeeded", addressSpace: { addressPrefixes: ["10.0.0.0/16"] }, subnets: [], virtualNetworkPeerings: [] } },
      { id: DDOS_ID, name: "ddos-alz", type: "Microsoft.Network/ddosProtectionPlans", location: "eastus2", properties: { provisioningState: "Succeeded" } },
    ],
    principals: [
      { objectId: ALICE.objectId, type: "User", upn: ALICE.upn, displayName: "Alice" },
      { objectId: BOB.objectId, type: "User", upn: BOB.upn, displayName: "Bob" },
      { objectId: TEAM_GROUP.objectId, type: "Group", displayName: "AI team" },
      { objectId: APPROVER, type: "User", upn: "approver@contoso.com" },
    ],
    quotaGroups: [
      {
        managementGroupId: "alz",
        name: "gpu-pool",
        displayName: "GPU pool",
        limits: [{ location: "eastus2", family: A100, limit: 480 }, { location: "swedencentral", family: A100, limit: 96 }],
        allocations: [],
      },
    ],
  };
}

/** guardrails.yaml with polls measured in seconds instead of minutes. */
export function writeTestPolicy(dir: string, change: (policy: any) => void = () => {}): string {
  const policy = YAML.parse(fs.readFileSync(path.resolve(__dirname, "../../../guardrails.yaml"), "utf8"));
  policy.vending.aliasPollIntervalSeconds = 0.3;
  policy.vending.aliasPollTimeoutMinutes = 2;
  change(policy);
  const file = path.join(dir, "guardrails.yaml");
  fs.writeFileSync(file, YAML.stringify(policy));
  return file;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A valid request body per archetype; override what a test varies. */
export function requestBody(archetype: "corp" | "online" | "sandbox", overrides: Record<string, unknown> = {}) {
  const base = {
    workloadName: `${archetype}-chat`,
    archetype,
    environment: "dev",
    owners: [ALICE.upn, TEAM_GROUP.objectId],
    costCenter: "cc-1234",
    budget: { amount: archetype === "sandbox" ? 500 : 5000 },
    regions: { primary: "eastus2" },
    gpuQuota: archetype === "sandbox" ? [] : [{ family: A100, region: "eastus2", cores: 48 }],
    network: { size: 24 },
    dataClassification: "internal",
    justification: "RAG chat for support",
    ...(archetype === "sandbox" ? { expiresOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) } : {}),
  };
  return { ...base, ...overrides };
}
