import { z } from "zod";
import { EventFamilies } from "../azure/eventGrid/eventFamilyTopics";

// The production settings contract: every app setting ailz (or the Functions host on its behalf)
// reads in Azure, who sets it and who reads it. test/infra/settingsContract.test.ts holds
// infra/app/api.bicep and infra/hooks/postdeploy.sh to it: a required setting Bicep does not
// set, a setting Bicep sets that is not here, or a value that would make a loader fall back to
// the local world's defaults, fails the test.

/** Who puts the setting on the Function App. */
type SetBy =
  /** infra/app/api.bicep (azd provision). */
  | "bicep"
  /** infra/hooks/postdeploy.sh, once the code (and its keys or function ids) exist. */
  | "postdeploy"
  /** The App Service platform itself. */
  | "platform"
  /** Nobody by default: optional tuning an operator may add. */
  | "operator";

/** Who reads it: ailz's code (a name in shared/, functions/, orchestrations/ or guardrails.yaml) or the Functions host. */
type ReadBy = "app" | { host: string };

export interface SettingMeta {
  setBy: SetBy;
  readBy: ReadBy;
  /** A realistic Azure value, standing in for a Bicep expression when the contract test loads the configuration. */
  example?: string;
  [k: string]: unknown;
}

const guid = z.uuid();
const https = z.url({ protocol: /^https$/ });
const meta = (m: SettingMeta) => m;

const hostStorage = "Functions host identity-based AzureWebJobsStorage (learn.microsoft.com/azure/azure-functions/functions-reference#connecting-to-host-storage-with-an-identity)";
const hostDurable = "Durable Functions storage provider overrides (AzureFunctionsJobHost__ app settings replace host.json values)";

/** The contract; test/infra/settingsContract.test.ts holds Bicep to it. */
export const AppSettings = z
  .object({
    // Host storage, identity-based; ailz's stores read the same settings (shared/store/storeConfig.ts).
    AzureWebJobsStorage__credential: z.literal("managedidentity").meta(meta({ setBy: "bicep", readBy: "app" })),
    AzureWebJobsStorage__clientId: guid.meta(meta({ setBy: "bicep", readBy: "app", example: "3f1c0b7e-2a44-4c1e-9d7a-6a0e5b1f2c3d" })),
    AzureWebJobsStorage__blobServiceUri: https.meta(meta({ setBy: "bicep", readBy: "app", example: "https://stailzexample01.blob.core.windows.net/" })),
    AzureWebJobsStorage__tableServiceUri: https.meta(meta({ setBy: "bicep", readBy: "app", example: "https://stailzexample01.table.core.windows.net/" })),
    AzureWebJobsStorage__queueServiceUri: https.meta(meta({ setBy: "bicep", readBy: { host: hostStorage }, example: "https://stailzexample01.queue.core.windows.net/" })),
    AILZ_TASK_HUB: z.string().regex(/^[A-Za-z][A-Za-z0-9]{2,44}$/).meta(meta({ setBy: "bicep", example: "ailz", readBy: { host: "host.json extensions.durableTask.hubName (%AILZ_TASK_HUB%)" } })),

    // Telemetry.
    APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().min(1).meta(meta({ setBy: "bicep", readBy: "app", example: "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://eastus2-3.in.applicationinsights.azure.com/" })),
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: z.string().regex(/Authorization=AAD/).meta(meta({ setBy: "bicep", readBy: "app" })),
    OTEL_SERVICE_NAME: z.string().min(1).meta(meta({ setBy: "bicep", readBy: "app" })),

    // Identity and tenant (shared/azure/azureConfig.ts); the policy's approvedDeployers entry for ailz.
    AILZ_IDENTITY_OBJECT_ID: guid.meta(meta({ setBy: "bicep", readBy: "app", example: "9b2d4e61-7c3a-4f0e-8e51-2d6b0c9a7f14" })),
    AZURE_CLIENT_ID: guid.meta(meta({ setBy: "bicep", readBy: "app", example: "3f1c0b7e-2a44-4c1e-9d7a-6a0e5b1f2c3d" })),
    AILZ_TENANT_ID: guid.meta(meta({ setBy: "bicep", readBy: "app", example: "72f988bf-86f1-41af-91ab-2d7cd011db47" })),
    // Vending's event wiring target (functions/vendingSettings.ts, shared/azure/eventGrid/resourceEventsWiring.ts).
    AILZ_FUNCTION_APP_ID: z.string().regex(/\/providers\/Microsoft\.Web\/sites\/[^/]+$/i).meta(meta({ setBy: "bicep", readBy: "app", example: "/subscriptions/6a1b2c3d-0000-4000-8000-000000000042/resourceGroups/rg-ailz/providers/Microsoft.Web/sites/func-ailz-example" })),
    AILZ_STORAGE_ACCOUNT_ID: z.string().regex(/\/providers\/Microsoft\.Storage\/storageAccounts\/[^/]+$/i).meta(meta({ setBy: "bicep", readBy: "app", example: "/subscriptions/6a1b2c3d-0000-4000-8000-000000000042/resourceGroups/rg-ailz/providers/Microsoft.Storage/storageAccounts/stailzexample01" })),
    AILZ_IDENTITY_ID: z.string().regex(/\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i).meta(meta({ setBy: "bicep", readBy: "app", example: "/subscriptions/6a1b2c3d-0000-4000-8000-000000000042/resourceGroups/rg-ailz/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-ailz-example" })),

    // Environment-specific policy values, referenced from guardrails.yaml as ${NAME:-local fallback}.
    AILZ_ROOT_MANAGEMENT_GROUP_ID: z.string().min(1).meta(meta({ setBy: "bicep", readBy: "app", example: "contoso" })),
    AILZ_MANAGEMENT_GROUP_PREFIX: z.string().min(1).meta(meta({ setBy: "bicep", readBy: "app", example: "alz-" })),
    AILZ_QUOTA_GROUP_NAME: z.string().regex(/^[a-z][a-z0-9]*$/).meta(meta({ setBy: "bicep", readBy: "app", example: "aigpu" })),
    AILZ_HUB_VNET_ID: z.string().regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+$/i).meta(
      meta({ setBy: "bicep", readBy: "app", example: "/subscriptions/6a1b2c3d-0000-4000-8000-000000000042/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub" }),
    ),
    AILZ_DDOS_PLAN_ID: z.string().regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/ddosProtectionPlans\/[^/]+$/i).meta(
      meta({ setBy: "bicep", readBy: "app", example: "/subscriptions/6a1b2c3d-0000-4000-8000-000000000042/resourceGroups/rg-hub/providers/Microsoft.Network/ddosProtectionPlans/ddos-hub" }),
    ),
    AILZ_LOG_ANALYTICS_WORKSPACE_ID: z.string().regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i).meta(
      meta({ setBy: "bicep", readBy: "app", example: "/subscriptions/6a1b2c3d-0000-4000-8000-000000000042/resourceGroups/rg-management/providers/Microsoft.OperationalInsights/workspaces/log-alz" }),
    ),
    AILZ_BILLING_SCOPE: z.string().regex(/^\/providers\/Microsoft\.Billing\/billingAccounts\//i).meta(
      meta({ setBy: "bicep", readBy: "app", example: "/providers/Microsoft.Billing/billingAccounts/1234567/enrollmentAccounts/654321" }),
    ),
    AILZ_WEBHOOK_URL: z.string().min(1).meta(meta({ setBy: "bicep", readBy: "app", example: "https://hooks.contoso.com/ailz" })),
    AILZ_TEAMS_URL: z.string().min(1).meta(meta({ setBy: "bicep", readBy: "app", example: "https://contoso.webhook.office.com/webhookb2/example" })),
    AILZ_FINDINGS_TOPIC_ENDPOINT: https.meta(meta({ setBy: "bicep", readBy: "app", example: "https://evgt-ailz-example.eastus2-1.eventgrid.azure.net/api/events" })),
    AILZ_ACS_CONNECTION_STRING: z.string().min(1).optional().meta(meta({ setBy: "bicep", readBy: "app", example: "endpoint=https://acs-example.communication.azure.com/;accesskey=ZXhhbXBsZQ==" })),

    // Durable Task Scheduler backend (durableBackend = durableTaskScheduler only).
    DURABLE_TASK_SCHEDULER_CONNECTION_STRING: z.string().min(1).optional().meta(meta({ setBy: "bicep", readBy: { host: hostDurable }, example: "Endpoint=https://dts-example.eastus2.durabletask.io;Authentication=ManagedIdentity;ClientID=3f1c0b7e-2a44-4c1e-9d7a-6a0e5b1f2c3d" })),
    AzureFunctionsJobHost__extensions__durableTask__storageProvider__type: z.literal("azureManaged").optional().meta(meta({ setBy: "bicep", readBy: { host: hostDurable } })),
    AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName: z.literal("DURABLE_TASK_SCHEDULER_CONNECTION_STRING").optional().meta(meta({ setBy: "bicep", readBy: { host: hostDurable } })),

    // Set after deploy, when the function exists (functions/vendingSettings.ts).
    // Which topic families the postdeploy hook wired for the platform's subscriptions (infra/events.bicep's
    // eventFamilies); unset means "both" may deliver, so the event path claims every change.
    AILZ_EVENT_FAMILIES: EventFamilies.optional().meta(meta({ setBy: "postdeploy", readBy: "app" })),
    AILZ_BUDGET_WEBHOOK_URL: https.meta(meta({ setBy: "postdeploy", readBy: "app", example: "https://func-ailz-example.azurewebsites.net/api/budget-alerts?code=example" })),

    WEBSITE_HOSTNAME: z.string().min(1).meta(meta({ setBy: "platform", readBy: "app", example: "func-ailz-example.azurewebsites.net" })),

    // Optional tuning and overrides.
    AILZ_PUBLIC_URL: https.optional().meta(meta({ setBy: "operator", readBy: "app" })),
    AILZ_POLICY_PATH: z.string().min(1).optional().meta(meta({ setBy: "operator", readBy: "app" })),
    AILZ_GUARDRAIL_MODULES: z.string().min(1).optional().meta(meta({ setBy: "operator", readBy: "app" })),
    AILZ_TABLE_PREFIX: z.string().optional().meta(meta({ setBy: "operator", readBy: "app" })),
    AILZ_SKU_SUBSCRIPTION_ID: guid.optional().meta(meta({ setBy: "operator", readBy: "app" })),
    // Where the console's built front end is; in Azure it sits next to the bundle (console-assets/), so this stays unset.
    AILZ_CONSOLE_ASSETS: z.string().min(1).optional().meta(meta({ setBy: "operator", readBy: "app" })),
    // Per-stage timings of the event path for the benches (shared/telemetry/stageTimings.ts); off unless "1".
    AILZ_STAGE_TIMINGS: z.enum(["0", "1"]).optional().meta(meta({ setBy: "operator", readBy: "app" })),
    // Days of judged resource events kept for the policy preview's replay (shared/store/createStores.ts); 14 unless set.
    AILZ_EVENT_RETENTION_DAYS: z.string().regex(/^\d+$/).optional().meta(meta({ setBy: "operator", readBy: "app" })),
    AILZ_VENDING_RETRY_FIRST_MS: z.string().optional().meta(meta({ setBy: "operator", readBy: "app" })),
    AILZ_VENDING_RETRY_MAX_ATTEMPTS: z.string().optional().meta(meta({ setBy: "operator", readBy: "app" })),
    AILZ_VENDING_RETRY_MAX_MS: z.string().optional().meta(meta({ setBy: "operator", readBy: "app" })),
    AILZ_VENDING_RBAC_RETRY_FIRST_MS: z.string().optional().meta(meta({ setBy: "operator", readBy: "app" })),
    AILZ_VENDING_RBAC_RETRY_MAX_ATTEMPTS: z.string().optional().meta(meta({ setBy: "operator", readBy: "app" })),
    AILZ_VENDING_PROVIDER_POLL_MS: z.string().optional().meta(meta({ setBy: "operator", readBy: "app" })),
    AILZ_ARM_AUDIENCE_ENDPOINT: https.optional().meta(meta({ setBy: "operator", readBy: "app" })),
    AILZ_ARM_MAX_RETRIES: z.string().optional().meta(meta({ setBy: "operator", readBy: "app" })),
    AILZ_ARM_RETRY_DELAY_MS: z.string().optional().meta(meta({ setBy: "operator", readBy: "app" })),
    AILZ_ARM_MAX_RETRY_DELAY_MS: z.string().optional().meta(meta({ setBy: "operator", readBy: "app" })),
    // The event path's back-pressure (functions/deps.ts getEventAdmission): events at once per instance, and the longest wait for a slot.
    AILZ_EVENT_MAX_IN_FLIGHT: z.string().regex(/^\d+$/).optional().meta(meta({ setBy: "operator", readBy: "app" })),
    AILZ_EVENT_MAX_WAIT_MS: z.string().regex(/^\d+$/).optional().meta(meta({ setBy: "operator", readBy: "app" })),
    AILZ_METRICS_EXPORT_INTERVAL_MS: z.string().optional().meta(meta({ setBy: "operator", readBy: "app" })),
    AILZ_TELEMETRY: z.literal("off").optional().meta(meta({ setBy: "operator", readBy: "app" })),
    AILZ_FINDINGS_TOPIC_KEY: z.string().min(1).optional().meta(meta({ setBy: "operator", readBy: "app" })),
    AILZ_DEBUG: z.string().optional().meta(meta({ setBy: "operator", readBy: "app" })),
  })
  .strict();

/**
 * The contract entry of one setting (undefined for a name the contract does not know).
 * @internal Read by the settings-contract test.
 */
export function settingMeta(name: string): SettingMeta | undefined {
  const schema = (AppSettings.shape as Record<string, z.ZodType>)[name];
  return schema?.meta() as SettingMeta | undefined;
}

/**
 * Validates the Function App's settings against the contract; an error names every bad or
 * missing setting. Unknown names are ignored here (the platform adds its own), the contract test
 * checks Bicep for them (scripts/checkAppSettings.ts runs it on a deployed app's settings).
 */
export function parseAppSettings(env: Record<string, string | undefined>): z.infer<typeof AppSettings> {
  const known = Object.fromEntries(Object.keys(AppSettings.shape).flatMap((k) => (env[k] !== undefined && env[k] !== "" ? [[k, env[k]]] : [])));
  const r = AppSettings.safeParse(known);
  if (r.success) return r.data;
  throw new Error(`app settings: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
}
