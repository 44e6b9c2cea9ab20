import { DefaultAzureCredential, ManagedIdentityCredential } from "@azure/identity";
import type { TokenCredential } from "@azure/core-auth";
import { retryPolicy, type Pipeline } from "@azure/core-rest-pipeline";
import { ResourceGraphClient } from "@azure/arm-resourcegraph";
import { AzureQuotaExtensionAPI } from "@azure/arm-quota";
import { CostManagementClient } from "@azure/arm-costmanagement";
import { ComputeManagementClient } from "@azure/arm-compute";
import { ResourceManagementClient } from "@azure/arm-resources";
import { SubscriptionClient as SubscriptionListClient } from "@azure/arm-resources-subscriptions";
import { SubscriptionClient as SubscriptionAliasClient } from "@azure/arm-subscriptions";
import { ManagementGroupsAPI } from "@azure/arm-managementgroups";
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { NetworkManagementClient } from "@azure/arm-network";
import { ConsumptionManagementClient } from "@azure/arm-consumption";
import { CognitiveServicesManagementClient } from "@azure/arm-cognitiveservices";
import { EventGridManagementClient } from "@azure/arm-eventgrid";
import { ManagementLockClient } from "@azure/arm-locks";
import { loadAzureConfig, tenantIdOf, type AzureConfig } from "./azureConfig";
import { StaticTokenCredential } from "./localTokenCredential";
import { emulatorLinkPolicy, emulatorRedirectPolicy } from "./emulatorRedirectPolicy";
import { azureRetryStrategy } from "./azureRetryStrategy";
import { resourceGraphQuotaPolicy } from "./resourceGraphQuotaPolicy";

/** Every SDK client the adapters use. Subscription-bound clients are cached per subscription. */
export interface AzureClients {
  readonly config: AzureConfig;
  readonly credential: TokenCredential;
  /** True when calls go to the local ARM emulator. */
  readonly local: boolean;
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
}

export interface AzureClientsOptions {
  /** Override the credential (tests acting as a person or a pipeline). */
  credential?: TokenCredential;
}

/** Subscription-less clients still need a placeholder for SDKs whose constructors demand one. */
const NO_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

export function createCredential(config: AzureConfig): TokenCredential {
  if (config.AILZ_ARM_ENDPOINT) {
    if (config.AILZ_LOCAL_TOKEN) return StaticTokenCredential.fromToken(config.AILZ_LOCAL_TOKEN);
    return StaticTokenCredential.forIdentity({
      oid: config.AILZ_IDENTITY_OBJECT_ID,
      tid: tenantIdOf(config),
      appid: config.AZURE_CLIENT_ID ?? config.AILZ_IDENTITY_OBJECT_ID,
      idtyp: "app",
      name: "ailz-control-plane",
    });
  }
  // A user-assigned identity is named explicitly so a Function App with several never picks the wrong one.
  if (config.AZURE_CLIENT_ID && !process.env.AZURE_CLIENT_SECRET && !process.env.AZURE_FEDERATED_TOKEN_FILE) {
    return new ManagedIdentityCredential({ clientId: config.AZURE_CLIENT_ID });
  }
  return new DefaultAzureCredential(config.AZURE_CLIENT_ID ? { managedIdentityClientId: config.AZURE_CLIENT_ID } : {});
}

/** Builds clients from one validated configuration (defaults to process.env). */
export function createAzureClients(config: AzureConfig = loadAzureConfig(), options: AzureClientsOptions = {}): AzureClients {
  const credential = options.credential ?? createCredential(config);
  const graphGate = resourceGraphQuotaPolicy();
  const clientOptions = { retryOptions: { maxRetries: config.AILZ_ARM_MAX_RETRIES } };

  const configure = <T extends { pipeline: Pipeline }>(client: T): T => {
    const p = client.pipeline;
    // Replace the stock retry policy: it honours only Retry-After(-ms) and caps at 3 attempts.
    p.removePolicy({ name: "defaultRetryPolicy" });
    p.addPolicy(
      retryPolicy(
        [azureRetryStrategy({ retryDelayInMs: config.AILZ_ARM_RETRY_DELAY_MS, maxRetryDelayInMs: config.AILZ_ARM_MAX_RETRY_DELAY_MS })],
        { maxRetries: config.AILZ_ARM_MAX_RETRIES },
      ),
      { phase: "Retry" },
    );
    p.addPolicy(graphGate, { afterPhase: "Sign" });
    if (config.AILZ_ARM_ENDPOINT) {
      p.addPolicy(emulatorLinkPolicy(config.AILZ_ARM_AUDIENCE_ENDPOINT, config.AILZ_ARM_ENDPOINT), {
        beforePolicies: ["bearerTokenAuthenticationPolicy"],
      });
      p.addPolicy(emulatorRedirectPolicy(config.AILZ_ARM_AUDIENCE_ENDPOINT, config.AILZ_ARM_ENDPOINT), { afterPhase: "Sign" });
    }
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

  const quotaFor = perSubscription((s) => new AzureQuotaExtensionAPI(credential, s, clientOptions));
  return {
    config,
    credential,
    local: Boolean(config.AILZ_ARM_ENDPOINT),
    resourceGraph: single(() => new ResourceGraphClient(credential, clientOptions)),
    quota: (subscriptionId) => quotaFor(subscriptionId ?? NO_SUBSCRIPTION),
    costManagement: single(() => new CostManagementClient(credential, clientOptions)),
    compute: perSubscription((s) => new ComputeManagementClient(credential, s, clientOptions)),
    resources: perSubscription((s) => new ResourceManagementClient(credential, s, clientOptions)),
    subscriptions: single(() => new SubscriptionListClient(credential, clientOptions)),
    subscriptionAliases: single(() => new SubscriptionAliasClient(credential, clientOptions)),
    managementGroups: single(() => new ManagementGroupsAPI(credential, clientOptions)),
    authorization: perSubscription((s) => new AuthorizationManagementClient(credential, s, clientOptions)),
    network: perSubscription((s) => new NetworkManagementClient(credential, s, clientOptions)),
    consumption: perSubscription((s) => new ConsumptionManagementClient(credential, s, clientOptions)),
    cognitiveServices: perSubscription((s) => new CognitiveServicesManagementClient(credential, s, clientOptions)),
    eventGrid: perSubscription((s) => new EventGridManagementClient(credential, s, clientOptions)),
    locks: perSubscription((s) => new ManagementLockClient(credential, s, clientOptions)),
  };
}
