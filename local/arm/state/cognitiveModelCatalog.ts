// What Azure OpenAI / AI Services offer per region, as `GET .../providers/Microsoft.CognitiveServices/
// locations/{location}/models` lists it (azure-rest-api-specs cognitiveservices ListLocationModels):
// one entry per account kind (OpenAI, AIServices; account SKU S0) and model version, with the
// deployment types (`model.skus[].name`) offered there. A small, fixed catalogue: enough regional
// gaps for the demo (gpt-4o 2024-05-13 is not offered in Sweden Central, the embeddings model not in
// West Europe), not Azure's real availability table.

type Offer = { name: string; version: string; usage: string; regions: Record<string, string[]>; isDefaultVersion?: boolean; capabilities: Record<string, string> };

const CHAT = { chatCompletion: "true", completion: "true" };
const OFFERS: Offer[] = [
  { name: "gpt-4o", version: "2024-08-06", usage: "GPT4o", isDefaultVersion: true, capabilities: { ...CHAT, vision: "true" }, regions: { eastus2: ["GlobalStandard", "Standard", "DataZoneStandard", "ProvisionedManaged"], swedencentral: ["GlobalStandard", "Standard"], westeurope: ["GlobalStandard"], eastus: ["GlobalStandard", "Standard"] } },
  { name: "gpt-4o", version: "2024-05-13", usage: "GPT4o", capabilities: { ...CHAT, vision: "true" }, regions: { eastus2: ["GlobalStandard", "Standard"], westeurope: ["Standard"], eastus: ["GlobalStandard"] } },
  { name: "gpt-4o-mini", version: "2024-07-18", usage: "gpt-4o-mini", isDefaultVersion: true, capabilities: CHAT, regions: { eastus2: ["GlobalStandard", "Standard"], swedencentral: ["GlobalStandard", "Standard"], westeurope: ["GlobalStandard"], eastus: ["GlobalStandard"] } },
  { name: "gpt-35-turbo", version: "0125", usage: "gpt-35-turbo", isDefaultVersion: true, capabilities: CHAT, regions: { eastus2: ["GlobalStandard", "Standard"], swedencentral: ["GlobalStandard", "Standard"], westeurope: ["GlobalStandard"], eastus: ["Standard"] } },
  { name: "text-embedding-3-large", version: "1", usage: "text-embedding-3-large", isDefaultVersion: true, capabilities: { embeddings: "true" }, regions: { eastus2: ["GlobalStandard", "Standard"], swedencentral: ["GlobalStandard", "Standard"], eastus: ["Standard"] } },
];

const SYSTEM_DATA = { createdBy: "Microsoft", createdByType: "Application", createdAt: "2024-08-06T00:00:00Z", lastModifiedBy: "Microsoft", lastModifiedByType: "Application", lastModifiedAt: "2024-11-01T00:00:00Z" };

/** The models listing of one region (lower-case name); empty for a region the catalogue does not know. */
export function modelsAt(location: string): Record<string, unknown>[] {
  const region = location.toLowerCase().replace(/\s+/g, "");
  const out: Record<string, unknown>[] = [];
  for (const kind of ["OpenAI", "AIServices"]) {
    for (const o of OFFERS) {
      const skus = o.regions[region];
      if (!skus?.length) continue;
      out.push({
        kind,
        skuName: "S0",
        model: {
          format: "OpenAI",
          name: o.name,
          version: o.version,
          ...(o.isDefaultVersion !== undefined ? { isDefaultVersion: o.isDefaultVersion } : {}),
          skus: skus.map((name) => ({ name, usageName: `OpenAI.${name}.${o.usage}`, capacity: { maximum: name.startsWith("Provisioned") ? 2000 : 1000, default: name.startsWith("Provisioned") ? 100 : 10 } })),
          maxCapacity: 50,
          capabilities: o.capabilities,
          lifecycleStatus: "GenerallyAvailable",
          systemData: SYSTEM_DATA,
        },
      });
    }
  }
  return out;
}
