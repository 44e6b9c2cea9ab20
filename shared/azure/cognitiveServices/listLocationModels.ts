import type { CognitiveServicesManagementClient } from "@azure/arm-cognitiveservices";
import { paged } from "../AzureError";

/** One model version an account kind can deploy in a region, with the deployment types offered there. */
export interface ModelOffer {
  /** Account kind (`OpenAI`, `AIServices`...) and account SKU the offer is for. */
  kind: string;
  skuName: string;
  format: string;
  name: string;
  version: string;
  /** Deployment types (`GlobalStandard`, `Standard`, `ProvisionedManaged`...). */
  deploymentSkus: string[];
}

/** What Azure OpenAI / AI Services offer in one region (Models_List, paged). */
export async function listLocationModels(client: CognitiveServicesManagementClient, location: string): Promise<ModelOffer[]> {
  const out: ModelOffer[] = [];
  for await (const m of paged(client.models.list(location))) {
    if (!m.kind || !m.model?.name) continue;
    out.push({ kind: m.kind, skuName: m.skuName ?? "", format: m.model.format ?? "", name: m.model.name, version: m.model.version ?? "", deploymentSkus: (m.model.skus ?? []).map((s) => s.name ?? "").filter(Boolean) });
  }
  return out;
}
