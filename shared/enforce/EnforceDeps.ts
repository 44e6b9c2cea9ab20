import type { Policy } from "../config/Policy";
import type { AzureActionsPort } from "../actions/AzureActionsPort";
import type { FactsSource } from "../facts/FactsSource";
import type { FreshReads } from "../facts/createFreshReads";
import type { SubscriptionDirectory } from "../facts/createSubscriptionDirectory";
import type { Notifier } from "../notify/createNotifier";
import type { FindingPublisher } from "../engine/carryOut";
import type { Stores } from "../store/ports";
import type { ProvenanceStore } from "../sweep/provenance/ProvenanceStore";

export type EnforceLog = (level: "debug" | "info" | "warn" | "error", msg: string, extra?: Record<string, unknown>) => void;


/** ailz's own identity: its writes never trigger actions (loop guard). */
export interface OwnIdentity {
  objectId: string;
  appId?: string;
}

/** Every port the enforcement pipeline uses; the composition root (functions/deps.ts) builds them. */
export interface EnforceDeps {
  policy: Policy;
  identity: OwnIdentity;
  stores: Pick<Stores, "changeClaims" | "findings" | "audit" | "exemptions" | "deadLetters" | "sandboxActivity" | "eventRecords">;
  facts: FactsSource;
  /** Resource reads shared by the events they are fresh enough for (without: one ARM read per event). */
  freshReads?: FreshReads;
  subscriptions: SubscriptionDirectory;
  azure: AzureActionsPort;
  notifier: Pick<Notifier, "notify">;
  publisher?: FindingPublisher;
  /** Who wrote each AI/GPU resource, for the nightly sweep (which cannot read callers at scale). */
  provenance?: ProvenanceStore;
  now: () => Date;
  log: EnforceLog;
  /** Whether a change can arrive through both topic families (changesCanArriveTwice); default true: claim every change. */
  changesCanArriveTwice?: boolean;
}
