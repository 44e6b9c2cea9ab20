import type {
  AuditInput, AuditRecord, BudgetFire, BudgetThresholdKind, DeadLetter, ExemptionRecord, FindingInput,
  FindingRecord, FindingStatus, IpamAllocation, Page, QuotaPeak, QuotaSample, RecordedEvent, ReportContent, ReportFormat,
  SandboxActivity, VendingRequestBase, Versioned,
} from "./records";

// Ports: what the rest of ailz needs from state. Table Storage adapters live in ./table, in-memory
// ones in ./memory; both satisfy the same contracts (test/shared/store runs one suite over both).
// Text comes back exactly as written. A table adapter refuses a value it could not store exactly
// (a column or key over Table Storage's limits) with StoreLimitError, before writing anything.

export interface ProcessedEventStore {
  /** Records the id for ttlMs. Resolves true when it was already recorded and has not expired. Atomic. */
  seenOrRecord(eventId: string, ttlMs: number): Promise<boolean>;
  /** Forgets an id so a redelivery is processed again (call when handling failed after recording). */
  forget(eventId: string): Promise<void>;
  /** Deletes expired ids; returns how many. Also run lazily by the table adapter. */
  purgeExpired(max?: number): Promise<number>;
}

/**
 * Claims on one change delivered by more than one topic family (shared/enforce/claimChange.ts):
 * the first family to claim a key holds it for ttlMs.
 */
export interface ChangeClaimStore {
  /** Claims `key` for `family` unless another holds it unexpired; resolves the holder's family. Atomic. */
  claim(key: string, family: string, ttlMs: number): Promise<string>;
}

export interface FindingQuery {
  guardrail?: string;
  subscriptionId?: string;
  status?: FindingStatus;
  resourceId?: string;
  pageSize?: number;
  continuationToken?: string;
}

export interface FindingStore {
  /** Opens or refreshes the finding for (guardrail, resourceId, rule); keeps firstSeenAt; reopens a resolved one. */
  /** `known`: the record of this finding as openOn returned it, which spares a read when it is still current. */
  upsertOpen(finding: Omit<FindingInput, "status" | "firstSeenAt" | "lastSeenAt">, at: string, known?: FindingRecord): Promise<FindingRecord>;
  /** Marks it resolved; resolves undefined when there is no open finding. */
  resolve(key: { guardrail: string; resourceId: string; rule?: string }, at: string, resolution: string): Promise<FindingRecord | undefined>;
  get(key: { guardrail: string; resourceId: string; rule?: string }): Promise<FindingRecord | undefined>;
  list(query: FindingQuery): Promise<Page<FindingRecord>>;
  /** Every open finding on one resource, whichever guardrail opened it (the event path asks this per event; adapters may batch concurrent asks). */
  openOn(resourceId: string): Promise<FindingRecord[]>;
}

export interface AuditQuery {
  resourceId?: string;
  since?: string;
  until?: string;
  limit?: number;
}

/** Append-only: there is no update or delete, and appending an existing id never overwrites it. */
export interface AuditStore {
  /** Resolves the stored record; `appended` is false when an entry with that id already existed. */
  append(entry: AuditInput): Promise<{ record: AuditRecord; appended: boolean }>;
  /** Newest first. */
  query(query: AuditQuery): Promise<AuditRecord[]>;
}

export interface ExemptionStore {
  create(exemption: ExemptionRecord): Promise<ExemptionRecord>;
  get(id: string): Promise<ExemptionRecord | undefined>;
  list(options?: { includeExpired?: boolean; now?: string }): Promise<ExemptionRecord[]>;
  delete(id: string): Promise<boolean>;
  /**
   * Unexpired exemptions for the guardrail (or "*") whose scope is one of `scopes` or an ancestor
   * of one of them (ARM path prefix, case-insensitive). Pass the resource id plus its management
   * group ids to cover management-group exemptions.
   */
  active(scopes: string | string[], guardrail: string, now: string): Promise<ExemptionRecord[]>;
}

/** A keyed JSON document with optimistic concurrency (sandbox state, quota reclaims, catalog). */
export interface DocumentStore<T> {
  get(id: string): Promise<Versioned<T> | undefined>;
  /** Fails with StoreConflictError when the id exists. */
  create(id: string, value: T): Promise<Versioned<T>>;
  /** Fails with StoreConflictError when the stored version is not `etag`. */
  replace(id: string, value: T, etag: string): Promise<Versioned<T>>;
  /** Last writer wins. */
  put(id: string, value: T): Promise<Versioned<T>>;
  /** Read-modify-write retried on conflict; `change` returns undefined to leave it as is. */
  update(id: string, change: (current: T | undefined) => T | undefined): Promise<Versioned<T> | undefined>;
  delete(id: string): Promise<boolean>;
  list(options?: { status?: string }): Promise<Array<Versioned<T> & { id: string }>>;
}

export interface SandboxActivityStore {
  /** Stores the activity only when it is newer than the recorded one; resolves whether it did. */
  record(activity: SandboxActivity): Promise<boolean>;
  last(sandboxId: string): Promise<SandboxActivity | undefined>;
  list(): Promise<SandboxActivity[]>;
}

export interface QuotaSampleStore {
  /** One sample per hour per (subscription, location, family); recording again overwrites. */
  record(sample: QuotaSample): Promise<void>;
  peak(subscriptionId: string, location: string, family: string, since: string): Promise<QuotaPeak>;
  samples(subscriptionId: string, location: string, family: string, since: string): Promise<QuotaSample[]>;
}

export interface BudgetAlertStore {
  /** True the first time for (scope, period, threshold, kind), false ever after. Atomic. */
  markFired(scope: string, period: string, threshold: number, kind: BudgetThresholdKind, at?: string): Promise<boolean>;
  fired(scope: string, period: string): Promise<BudgetFire[]>;
}

export interface VendingRequestStore<T extends VendingRequestBase = VendingRequestBase> {
  /** Creates the request unless its idempotency key is known; then resolves the first request. Atomic. */
  create(request: T): Promise<{ request: Versioned<T>; created: boolean }>;
  get(id: string): Promise<Versioned<T> | undefined>;
  getByIdempotencyKey(key: string): Promise<Versioned<T> | undefined>;
  /** Conditional replace; StoreConflictError when another writer moved it first. */
  replace(request: T, etag: string): Promise<Versioned<T>>;
  /** Read-modify-write retried on conflict (state transitions). `change` returns undefined to skip. */
  update(id: string, change: (current: T) => T | undefined): Promise<Versioned<T>>;
  list(options?: { status?: string }): Promise<T[]>;
}

export interface IpamStore {
  /** Allocates a free /prefixLength in pool for requestId (same requestId -> same range). Never overlaps. */
  allocate(pool: string, prefixLength: number, requestId: string, at?: string): Promise<IpamAllocation>;
  /** Frees the requestId's range in every pool; resolves what was freed. Idempotent. */
  release(requestId: string): Promise<IpamAllocation[]>;
  allocations(pool: string): Promise<IpamAllocation[]>;
}

export interface DeadLetterStore {
  put(entry: Omit<DeadLetter, "id" | "at"> & { at?: string }): Promise<DeadLetter>;
  /** Newest first. */
  list(options?: { since?: string; limit?: number }): Promise<DeadLetter[]>;
}

/** The judged events of the last days (the retention window), for replay under a proposed policy. */
export interface EventRecordStore {
  /**
   * Keeps the record unless one of its id is kept already (`at` is the event's own time, the same
   * in every redelivery): true when this call stored it. The event path's de-duplication: the
   * event that stores its record acts, a redelivery finds it and does not.
   */
  recordFirst(entry: RecordedEvent): Promise<boolean>;
  /** Drops the record of an event whose handling failed, so that Event Grid's redelivery runs it again. */
  forget(entry: Pick<RecordedEvent, "id" | "at">): Promise<void>;
  /** Records at or after `since`, oldest first; beyond `limit` the oldest days are left out and `truncated` is set. */
  since(since: string, limit: number): Promise<{ records: RecordedEvent[]; truncated: boolean }>;
  /** How long records are kept. */
  readonly retentionDays: number;
  /** Deletes records older than the window; returns how many. Also run lazily by the table adapter. */
  purgeExpired(): Promise<number>;
}

export interface ReportStore {
  /** Writes reports/<date>/report.{json,md,html} and moves `latest` forward (never back). */
  put(date: string, content: ReportContent): Promise<void>;
  get(date: string, format: ReportFormat): Promise<string | undefined>;
  latestDate(): Promise<string | undefined>;
  dates(): Promise<string[]>;
}

export interface Stores {
  processedEvents: ProcessedEventStore;
  changeClaims: ChangeClaimStore;
  findings: FindingStore;
  audit: AuditStore;
  exemptions: ExemptionStore;
  sandboxState: DocumentStore<SandboxStateDoc>;
  sandboxActivity: SandboxActivityStore;
  quotaSamples: QuotaSampleStore;
  quotaReclaims: DocumentStore<StatusDoc>;
  budgetAlerts: BudgetAlertStore;
  vendingRequests: VendingRequestStore;
  catalog: DocumentStore<Record<string, unknown>>;
  ipam: IpamStore;
  deadLetters: DeadLetterStore;
  eventRecords: EventRecordStore;
  reports: ReportStore;
}

/** Documents listed by status carry a `status` field (filterable without reading the JSON). */
type StatusDoc = { status: string } & Record<string, unknown>;
type SandboxStateDoc = StatusDoc;
