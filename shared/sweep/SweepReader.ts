import type { CostQuery, CostRow } from "../azure/costManagement/queryCost";
import type { BudgetStatus } from "../azure/consumption/budgets";
import type { GroupFamilyLimit } from "../azure/quota/groupQuotaAllocations";
import type { FamilyQuota } from "../azure/quota/listComputeQuota";
import type { LockInfo } from "../azure/locks/listLocks";
import type { MetricSeries, MetricsQuery } from "../azure/monitor/queryMetricsBatch";
import type { DiagnosticSettingInfo } from "../azure/monitor/diagnosticSettings";
import type { ModelOffer } from "../azure/cognitiveServices/listLocationModels";

/** The API families the sweep reads, counted separately (the bench prints them). */
export type SweepApi = "resourceGraph" | "costManagement" | "armRead" | "quota" | "metrics";

/**
 * Every Azure read the sweep makes, as a port: `createSweepReader` goes through the shared/azure
 * adapters (real SDK clients, the emulator locally); unit tests hand in an in-memory one.
 */
export interface SweepReader {
  /** One Resource Graph query over many subscriptions (or management groups), paged with $skipToken. */
  graph(query: string, scope: { subscriptions?: string[]; managementGroups?: string[] }): AsyncIterable<Record<string, unknown>>;
  cost(query: CostQuery): AsyncIterable<CostRow>;
  budgets(subscriptionId: string): Promise<BudgetStatus[]>;
  /** The budgets at a management group's scope (tag-filtered budgets over the whole estate live there). */
  managementGroupBudgets(managementGroupId: string): Promise<BudgetStatus[]>;
  groupQuotaLimits(managementGroupId: string, groupName: string, location: string): Promise<GroupFamilyLimit[]>;
  computeQuota(subscriptionId: string, location: string): Promise<FamilyQuota[]>;
  locks(scope: string): Promise<LockInfo[]>;
  /** One resource by id through ARM (its systemData); undefined when it is gone. */
  resourceById(id: string): Promise<{ systemData?: Record<string, unknown> } | undefined>;
  /** vCPUs per VM size (lower-case name) offered in a region, from the Compute resource SKUs; read once per region. */
  vmSizeVcpus(subscriptionId: string, location: string): Promise<Map<string, number>>;
  /** Azure Monitor metrics of resources in one region, through metrics:getBatch in as few calls as Azure allows (50 ids of one subscription each). */
  metrics(region: string, query: MetricsQuery): Promise<MetricSeries[]>;
  /** One resource's diagnostic settings (an ARM read per resource: Resource Graph does not hold them). */
  diagnosticSettings(resourceId: string): Promise<DiagnosticSettingInfo[]>;
  /** The models Azure OpenAI / AI Services offer in a region; the reader reuses a region's listing for 6 hours. */
  locationModels(subscriptionId: string, location: string): Promise<ModelOffer[]>;
  /** Requests made so far, by API family (pages count one each). */
  calls(): Record<SweepApi, number>;
}
