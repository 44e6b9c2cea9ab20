import { TableClient } from "@azure/data-tables";
import { DefaultAzureCredential, ManagedIdentityCredential } from "@azure/identity";
import { BlobServiceClient } from "@azure/storage-blob";
import { storeConfigFromEnv } from "../../store/storeConfig";
import { createTableContext } from "../../store/table/TableContext";
import { TableProvenanceStore } from "./TableProvenanceStore";

/** The provenance table in the Functions storage account (same settings as every other store). */
export function createProvenanceStoreFromEnv(env: Record<string, string | undefined> = process.env): TableProvenanceStore {
  const cfg = storeConfigFromEnv(env, ({ clientId, managedIdentity }) => (managedIdentity ? new ManagedIdentityCredential(clientId ? { clientId } : {}) : new DefaultAzureCredential()));
  let tableClient: (name: string) => TableClient;
  let blob: BlobServiceClient;
  if ("connectionString" in cfg) {
    const allowInsecureConnection = /(TableEndpoint=http:|DefaultEndpointsProtocol=http;)/i.test(cfg.connectionString);
    tableClient = (name) => TableClient.fromConnectionString(cfg.connectionString, name, { allowInsecureConnection });
    blob = BlobServiceClient.fromConnectionString(cfg.connectionString);
  } else {
    tableClient = (name) => new TableClient(cfg.tableEndpoint ?? `https://${cfg.accountName}.table.core.windows.net`, name, cfg.credential);
    blob = new BlobServiceClient(cfg.blobEndpoint ?? `https://${cfg.accountName}.blob.core.windows.net`, cfg.credential);
  }
  // Records are small JSON; the spill container is never used but the context wants one.
  return new TableProvenanceStore(createTableContext({ tableClient, spillContainer: blob.getContainerClient(`${cfg.tablePrefix.toLowerCase()}ailz-spill`), prefix: cfg.tablePrefix }));
}
