import type { Stores } from "../../../shared/store/ports";
import { MemoryAuditStore } from "./MemoryAuditStore";
import { MemoryBudgetAlertStore } from "./MemoryBudgetAlertStore";
import { MemoryChangeClaimStore } from "./MemoryChangeClaimStore";
import { MemoryDeadLetterStore } from "./MemoryDeadLetterStore";
import { MemoryDocumentStore } from "./MemoryDocumentStore";
import { MemoryEventRecordStore } from "./MemoryEventRecordStore";
import { MemoryExemptionStore } from "./MemoryExemptionStore";
import { MemoryFindingStore } from "./MemoryFindingStore";
import { MemoryIpamStore } from "./MemoryIpamStore";
import { MemoryProcessedEventStore } from "./MemoryProcessedEventStore";
import { MemoryQuotaSampleStore } from "./MemoryQuotaSampleStore";
import { MemoryReportStore } from "./MemoryReportStore";
import { MemorySandboxActivityStore } from "./MemorySandboxActivityStore";
import { MemoryVendingRequestStore } from "./MemoryVendingRequestStore";

/** In-memory stores with the same contracts as createStores, for pure unit tests. */
export function createMemoryStores(options: { now?: () => number } = {}): Stores {
  const now = options.now ?? (() => Date.now());
  return {
    processedEvents: new MemoryProcessedEventStore(now),
    changeClaims: new MemoryChangeClaimStore(now),
    findings: new MemoryFindingStore(),
    audit: new MemoryAuditStore(now),
    exemptions: new MemoryExemptionStore(now),
    sandboxState: new MemoryDocumentStore(),
    sandboxActivity: new MemorySandboxActivityStore(),
    quotaSamples: new MemoryQuotaSampleStore(),
    quotaReclaims: new MemoryDocumentStore(),
    budgetAlerts: new MemoryBudgetAlertStore(now),
    vendingRequests: new MemoryVendingRequestStore(),
    catalog: new MemoryDocumentStore(),
    ipam: new MemoryIpamStore(now),
    deadLetters: new MemoryDeadLetterStore(now),
    eventRecords: new MemoryEventRecordStore(now),
    reports: new MemoryReportStore(),
  };
}
