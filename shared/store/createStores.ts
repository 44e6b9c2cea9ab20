import { TableClient } from "@azure/data-tables";
import { z } from "zod";
import { DefaultAzureCredential, ManagedIdentityCredential } from "@azure/identity";
import { BlobServiceClient } from "@azure/storage-blob";
import type { Stores } from "./ports";
import { parseStoreConfig, storeConfigFromEnv, type StoreConfigInput } from "./storeConfig";
import { BlobReportStore } from "./table/BlobReportStore";
import { createTableContext } from "./table/TableContext";
import { TableAuditStore } from "./table/TableAuditStore";
import { TableBudgetAlertStore } from "./table/TableBudgetAlertStore";
import { TableChangeClaimStore } from "./table/TableChangeClaimStore";
import { TableDeadLetterStore } from "./table/TableDeadLetterStore";
import { TableDocumentStore } from "./table/TableDocumentStore";
import { TableEventRecordStore } from "./table/TableEventRecordStore";
import { TableExemptionStore } from "./table/TableExemptionStore";
import { TableFindingStore } from "./table/TableFindingStore";
import { TableIpamStore } from "./table/TableIpamStore";
import { TableProcessedEventStore } from "./table/TableProcessedEventStore";
import { TableQuotaSampleStore } from "./table/TableQuotaSampleStore";
import { TableSandboxActivityStore } from "./table/TableSandboxActivityStore";
import { TableVendingRequestStore } from "./table/TableVendingRequestStore";

export interface CreateStoresOptions {
  /** Clock for default timestamps and expiry (defaults to Date.now, which the local clock drives). */
  now?: () => number;
  /** How often the processed-events table is swept of expired ids from the write path. */
  processedEventsPurgeEveryMs?: number;
  /** Days of judged events kept for the policy preview's replay (default 14). */
  eventRetentionDays?: number;
}

/** Builds every store over one storage account. Tables and containers are created on first use. */
export function createStores(config: StoreConfigInput, options: CreateStoresOptions = {}): Stores {
  const cfg = parseStoreConfig(config);
  const prefix = cfg.tablePrefix;
  let tableClient: (name: string) => TableClient;
  let blobService: BlobServiceClient;
  if ("connectionString" in cfg) {
    // Azurite with explicit endpoints is plain http; the SDK only allows that when told.
    const allowInsecureConnection = /(TableEndpoint=http:|DefaultEndpointsProtocol=http;)/i.test(cfg.connectionString);
    tableClient = (name) => TableClient.fromConnectionString(cfg.connectionString, name, { allowInsecureConnection });
    blobService = BlobServiceClient.fromConnectionString(cfg.connectionString);
  } else {
    const tableUrl = cfg.tableEndpoint ?? `https://${cfg.accountName}.table.core.windows.net`;
    const blobUrl = cfg.blobEndpoint ?? `https://${cfg.accountName}.blob.core.windows.net`;
    tableClient = (name) => new TableClient(tableUrl, name, cfg.credential);
    blobService = new BlobServiceClient(blobUrl, cfg.credential);
  }
  const containerPrefix = prefix.toLowerCase();
  const ctx = createTableContext({
    tableClient,
    spillContainer: blobService.getContainerClient(`${containerPrefix}ailz-spill`),
    prefix,
    now: options.now,
  });
  return {
    processedEvents: new TableProcessedEventStore(ctx, options.processedEventsPurgeEveryMs),
    changeClaims: new TableChangeClaimStore(ctx),
    findings: new TableFindingStore(ctx),
    audit: new TableAuditStore(ctx),
    exemptions: new TableExemptionStore(ctx),
    sandboxState: new TableDocumentStore(ctx, "SandboxState"),
    sandboxActivity: new TableSandboxActivityStore(ctx),
    quotaSamples: new TableQuotaSampleStore(ctx),
    quotaReclaims: new TableDocumentStore(ctx, "QuotaReclaims"),
    budgetAlerts: new TableBudgetAlertStore(ctx),
    vendingRequests: new TableVendingRequestStore(ctx),
    catalog: new TableDocumentStore(ctx, "Catalog"),
    ipam: new TableIpamStore(ctx),
    deadLetters: new TableDeadLetterStore(ctx),
    eventRecords: new TableEventRecordStore(ctx, options.eventRetentionDays ?? DEFAULT_EVENT_RETENTION_DAYS),
    reports: new BlobReportStore(blobService.getContainerClient(`${containerPrefix}reports`)),
  };
}

const DEFAULT_EVENT_RETENTION_DAYS = 14;

/** `AILZ_EVENT_RETENTION_DAYS`: whole days from 1 to 90 (unset or empty: 14). The local world checks it at start-up too. */
export const EventRetentionDays = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === "") return DEFAULT_EVENT_RETENTION_DAYS;
    const n = Number(v);
    if (Number.isInteger(n) && n >= 1 && n <= 90) return n;
    ctx.addIssue({ code: "custom", message: "a whole number of days from 1 to 90" });
    return z.NEVER;
  });

/** createStores from the Functions app settings (see storeConfigFromEnv for the names; AILZ_EVENT_RETENTION_DAYS for the replay window). */
export function createStoresFromEnv(env: Record<string, string | undefined> = process.env, options: CreateStoresOptions = {}): Stores {
  const config = storeConfigFromEnv(env, ({ clientId, managedIdentity }) =>
    managedIdentity ? new ManagedIdentityCredential(clientId ? { clientId } : {}) : new DefaultAzureCredential(),
  );
  const days = EventRetentionDays.safeParse(env.AILZ_EVENT_RETENTION_DAYS);
  if (!days.success) throw new Error(`AILZ_EVENT_RETENTION_DAYS: ${days.error.issues[0]!.message} (got "${env.AILZ_EVENT_RETENTION_DAYS}")`);
  return createStores(config, { eventRetentionDays: days.data, ...options });
}
