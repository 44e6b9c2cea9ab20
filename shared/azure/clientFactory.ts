import type * as Identity from "@azure/identity";
import type { TokenCredential } from "@azure/core-auth";
import type * as RestPipeline from "@azure/core-rest-pipeline";
import type { Pipeline } from "@azure/core-rest-pipeline";
import type * as ResourceGraphSdk from "@azure/arm-resourcegraph";
import type * as QuotaSdk from "@azure/arm-quota";
import type * as CostManagementSdk from "@azure/arm-costmanagement";
import type * as ComputeSdk from "@azure/arm-compute";
import type * as ResourcesSdk from "@azure/arm-resources";
import type * as SubscriptionListSdk from "@azure/arm-resources-subscriptions";
import type * as SubscriptionAliasSdk from "@azure/arm-subscriptions";
import type * as ManagementGroupsSdk from "@azure/arm-managementgroups";
import type * as AuthorizationSdk from "@azure/arm-authorization";
import type * as NetworkSdk from "@azure/arm-network";
import type * as ConsumptionSdk from "@azure/arm-consumption";
import type * as CognitiveServicesSdk from "@azure/arm-cognitiveservices";
import type * as EventGridSdk from "@azure/arm-eventgrid";
import type * as LocksSdk from "@azure/arm-locks";
import type * as MetricsSdk from "@azure/monitor-query-metrics";
import type * as MonitorSdk from "@azure/arm-monitor";
import { loadAzureConfig, type AzureConfig } from "./azureConfig";
import type { AzureClientOverrides } from "./AzureClientOverrides";
import { installedAzureClientOverrides } from "./setAzureClientOverrides";
import { azureRetryStrategy } from "./azureRetryStrategy";
import { resourceGraphQuotaPolicy } from "./resourceGraphQuotaPolicy";

// The SDK packages are loaded on first use of their client, not when this module is imported: the
// Functions worker imports every function module to register it, and registration needs none of
// them (together they are most of the bundle). A plain require() keeps the factories synchronous;
// esbuild still bundles each package, wrapped so that it is evaluated on its first require().
// Node caches modules, so each loader costs a lookup after the first call.
const sdk = {
  identity: (): typeof Identity => require("@azure/identity"),
  restPipeline: (): typeof RestPipeline => require("@azure/core-rest-pipeline"),
  resourceGraph: (): typeof ResourceGraphSdk => require("@azure/arm-resourcegraph"),
  quota: (): typeof QuotaSdk => require("@azure/arm-quota"),
  costManagement: (): typeof CostManagementSdk => require("@azure/arm-costmanagement"),
  compute: (): typeof ComputeSdk => require("@azure/arm-compute"),
  resources: (): typeof ResourcesSdk => require("@azure/arm-resources"),
  subscriptionList: (): typeof SubscriptionListSdk => require("@azure/arm-resources-subscriptions"),
  subscriptionAlias: (): typeof SubscriptionAliasSdk => require("@azure/arm-subscriptions"),
  managementGroups: (): typeof ManagementGroupsSdk => require("@azure/arm-managementgroups"),
  authorization: (): typeof AuthorizationSdk => require("@azure/arm-authorization"),
  network: (): typeof NetworkSdk => require("@azure/arm-network"),
  consumption: (): typeof ConsumptionSdk => require("@azure/arm-consumption"),
  cognitiveServices: (): typeof CognitiveServicesSdk => require("@azure/arm-cognitiveservices"),
  eventGrid: (): typeof EventGridSdk => require("@azure/arm-eventgrid"),
  locks: (): typeof LocksSdk => require("@azure/arm-locks"),
  metrics: (): typeof MetricsSdk => require("@azure/monitor-query-metrics"),
  monitor: (): typeof MonitorSdk => require("@azure/arm-monitor"),
};

type ResourceGraphClient = ResourceGraphSdk.ResourceGraphClient;
type AzureQuotaExtensionAPI = QuotaSdk.AzureQuotaExtensionAPI;
type CostManagementClient = CostManagementSdk.CostManagementClient;
type ComputeManagementClient = ComputeSdk.ComputeManagementClient;
type ResourceManagementClient = ResourcesSdk.ResourceManagementClient;
type SubscriptionListClient = SubscriptionListSdk.SubscriptionClient;
type SubscriptionAliasClient = SubscriptionAliasSdk.SubscriptionClient;
type ManagementGroupsAPI = ManagementGroupsSdk.ManagementGroupsAPI;
type AuthorizationManagementClient = AuthorizationSdk.AuthorizationManagementClient;
type NetworkManagementClient = NetworkSdk.NetworkManagementClient;
type ConsumptionManagementClient = ConsumptionSdk.ConsumptionManagementClient;
type CognitiveServicesManagementClient = CognitiveServicesSdk.CognitiveServicesManagementClient;
type EventGridManagementClient = EventGridSdk.EventGridManagementClient;
type ManagementLockClient = LocksSdk.ManagementLockClient;
type MetricsClient = MetricsSdk.MetricsClient;
type MonitorClient = MonitorSdk.MonitorClient;

/** Every SDK client the adapters use. Subscription-bound clients are cached per subscription. */
export interface AzureClients {
  readonly config: AzureConfig;
  readonly credential: TokenCredential;
  resourceGraph(): ResourceGraphClient;
  quota(subscriptionId?: string): AzureQuotaExtensionAPI;
  costManagement(): CostManagementClient;
  compute(subscriptionId: string): ComputeManagementClient;
  resources(subscriptionId: string): ResourceManagementClient;
  subscriptions(): SubscriptionListClient;
  subscriptionAliases(): SubscriptionAliasClient;
  managementGroups(): ManagementGroupsAPI;
  authorization(subscriptionId: string): AuthorizationManagementClient;
  network(subscriptionId: string): NetworkManagementClient;
  consumption(subscriptionId: string): ConsumptionManagementClient;
  cognitiveServices(subscriptionId: string): CognitiveServicesManagementClient;
  eventGrid(subscriptionId: string): EventGridManagementClient;
  locks(subscriptionId: string): ManagementLockClient;
  /** Azure Monitor's metrics data plane for one region (`https://{region}.metrics.monitor.azure.com`). */
  metrics(region: string): MetricsClient;
  /** Azure Monitor's control plane (diagnostic settings). */
  monitor(subscriptionId: string): MonitorClient;
}

/**
 * Per call, each field wins over what setAzureClientOverrides installed (tests acting as a person
 * or a pipeline pass their own credential).
 */
export type AzureClientsOptions = AzureClientOverrides;

/** Subscription-less clients still need a placeholder for SDKs whose constructors demand one. */
const NO_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

export function createCredential(config: AzureConfig): TokenCredential {
  const installed = installedAzureClientOverrides().credential;
  if (installed) return installed;
  // A user-assigned identity is named explicitly so a Function App with several never picks the wrong one.
  if (config.AZURE_CLIENT_ID && !process.env.AZURE_CLIENT_SECRET && !process.env.AZURE_FEDERATED_TOKEN_FILE) {
    return new (sdk.identity().ManagedIdentityCredential)({ clientId: config.AZURE_CLIENT_ID });
  }
  return new (sdk.identity().DefaultAzureCredential)(config.AZURE_CLIENT_ID ? { managedIdentityClientId: config.AZURE_CLIENT_ID } : {});
}

/** Builds clients from one validated configuration (defaults to process.env). */
export function createAzureClients(config: AzureConfig = loadAzureConfig(), options: AzureClientsOptions = {}): AzureClients {
  const credential = options.credential ?? createCredential(config);
  const additionalPolicies = options.additionalPolicies ?? installedAzureClientOverrides().additionalPolicies ?? [];
  const graphGate = resourceGraphQuotaPolicy();
  const clientOptions = { retryOptions: { maxRetries: config.AILZ_ARM_MAX_RETRIES } };

  const configure = <T extends { pipeline: Pipeline }>(client: T): T => {
    const p = client.pipeline;
    // Replace the stock retry policy: it honours only Retry-After(-ms) and caps at 3 attempts.
    p.removePolicy({ name: "defaultRetryPolicy" });
    p.addPolicy(
      sdk.restPipeline().retryPolicy(
        [azureRetryStrategy({ retryDelayInMs: config.AILZ_ARM_RETRY_DELAY_MS, maxRetryDelayInMs: config.AILZ_ARM_MAX_RETRY_DELAY_MS })],
        { maxRetries: config.AILZ_ARM_MAX_RETRIES },
      ),
      { phase: "Retry" },
    );
    p.addPolicy(graphGate, { afterPhase: "Sign" });
    for (const { policy, placement } of additionalPolicies) p.addPolicy(policy, placement);
    return client;
  };

  const single = <T extends { pipeline: Pipeline }>(make: () => T): (() => T) => {
    let client: T | undefined;
    return () => (client ??= configure(make()));
  };
  const perSubscription = <T extends { pipeline: Pipeline }>(make: (subscriptionId: string) => T): ((subscriptionId: string) => T) => {
    const cache = new Map<string, T>();
    return (subscriptionId) => {
      const key = subscriptionId.toLowerCase();
      let client = cache.get(key);
      if (!client) cache.set(key, (client = configure(make(subscriptionId))));
      return client;
    };
  };

  const quotaFor = perSubscription((s) => new (sdk.quota().AzureQuotaExtensionAPI)(credential, s, clientOptions));
  return {
    config,
    credential,
    resourceGraph: single(() => new (sdk.resourceGraph().ResourceGraphClient)(credential, clientOptions)),
    quota: (subscriptionId) => quotaFor(subscriptionId ?? NO_SUBSCRIPTION),
    costManagement: single(() => new (sdk.costManagement().CostManagementClient)(credential, clientOptions)),
    compute: perSubscription((s) => new (sdk.compute().ComputeManagementClient)(credential, s, clientOptions)),
    resources: perSubscription((s) => new (sdk.resources().ResourceManagementClient)(credential, s, clientOptions)),
    subscriptions: single(() => new (sdk.subscriptionList().SubscriptionClient)(credential, clientOptions)),
    subscriptionAliases: single(() => new (sdk.subscriptionAlias().SubscriptionClient)(credential, clientOptions)),
    managementGroups: single(() => new (sdk.managementGroups().ManagementGroupsAPI)(credential, clientOptions)),
    authorization: perSubscription((s) => new (sdk.authorization().AuthorizationManagementClient)(credential, s, clientOptions)),
    network: perSubscription((s) => new (sdk.network().NetworkManagementClient)(credential, s, clientOptions)),
    consumption: perSubscription((s) => new (sdk.consumption().ConsumptionManagementClient)(credential, s, clientOptions)),
    cognitiveServices: perSubscription((s) => new (sdk.cognitiveServices().CognitiveServicesManagementClient)(credential, s, clientOptions)),
    eventGrid: perSubscription((s) => new (sdk.eventGrid().EventGridManagementClient)(credential, s, clientOptions)),
    locks: perSubscription((s) => new (sdk.locks().ManagementLockClient)(credential, s, clientOptions)),
    // Keyed by region, not subscription: the batch API's host is regional.
    monitor: perSubscription((s) => new (sdk.monitor().MonitorClient)(credential, s, clientOptions)),
    metrics: perSubscription((region) => new (sdk.metrics().MetricsClient)(`https://${region.toLowerCase()}.metrics.monitor.azure.com`, credential, clientOptions)),
  };
}
