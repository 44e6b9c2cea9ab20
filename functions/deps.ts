// The composition root: the one place that reads settings and builds the policy, SDK clients,
// stores, notifier and the enforcement ports. Everything is built once, on first use, and shared
// by every function in the app. The policy is loaded and validated when this module is imported
// (the app's start-up), so a bad policy file stops the app with the file, line and field named.
import { createRecentIds } from "../shared/enforce/createRecentIds";
import { createAdmission } from "../shared/enforce/createAdmission";
import { createFreshReads } from "../shared/facts/createFreshReads";
import { changesCanArriveTwice } from "../shared/enforce/changesCanArriveTwice";
import { createAzureActions } from "../shared/actions/createAzureActions";
import type { ActionContext } from "../shared/actions/ActionContext";
import type { AzureActionsPort } from "../shared/actions/AzureActionsPort";
import { createAzureClients, createCredential, type AzureClients } from "../shared/azure/clientFactory";
import { loadAzureConfig, tenantIdOf } from "../shared/azure/azureConfig";
import { loadPolicy } from "../shared/config/loadPolicy";
import type { Policy } from "../shared/config/Policy";
import type { FindingPublisher } from "../shared/engine/carryOut";
import type { EnforceDeps, EnforceLog } from "../shared/enforce/EnforceDeps";
import { createFactsSource } from "../shared/facts/createFactsSource";
import { createSubscriptionDirectory } from "../shared/facts/createSubscriptionDirectory";
import type { Channel } from "../shared/notify/Channel";
import { createAcsEmailChannel } from "../shared/notify/createAcsEmailChannel";
import { createEventGridChannel } from "../shared/notify/createEventGridChannel";
import { createNotifier, type Notifier } from "../shared/notify/createNotifier";
import { createTeamsChannel } from "../shared/notify/createTeamsChannel";
import { createWebhookChannel } from "../shared/notify/createWebhookChannel";
import { parseAcsConnectionString } from "../shared/notify/signAcsRequest";
import type { Stores } from "../shared/store/ports";
import { getBudget } from "../shared/azure/consumption/budgets";
import { queryCost } from "../shared/azure/costManagement/queryCost";
import type { BudgetAlertDeps } from "../shared/enforce/budgetAlert/handleBudgetAlert";
import { queryAll } from "../shared/azure/resourceGraph/queryResources";
import { toResourceFacts, type ArmResourceLike } from "../shared/estate/toResourceFacts";
import { createStoresFromEnv } from "../shared/store/createStores";
import { createProvenanceStoreFromEnv } from "../shared/sweep/provenance/createProvenanceStoreFromEnv";
import { policyPath } from "./policyPath";

/** @internal */
export { policyPath };

let policy: Policy | undefined;
/** The validated policy (loaded once). Throws PolicyError naming file:line:col and the field. */
export function getPolicy(): Policy {
  return (policy ??= loadPolicy(policyPath(), { env: process.env }));
}

const once = <T>(make: () => T): (() => T) => {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
};

export const getAzureClients = once((): AzureClients => createAzureClients());
export const getStores = once((): Stores => createStoresFromEnv(process.env));
/** Who wrote each AI/GPU resource: the event path records it, the sweep reads it. */
export const getProvenance = once(() => createProvenanceStoreFromEnv(process.env));

/** ailz's own identity, for the loop guard and as the actor of its audit entries. */
export const getIdentity = once(() => {
  const cfg = loadAzureConfig();
  return { objectId: cfg.AILZ_IDENTITY_OBJECT_ID, appId: cfg.AZURE_CLIENT_ID ?? cfg.AILZ_IDENTITY_OBJECT_ID, tenantId: tenantIdOf(cfg) };
});

export const log: EnforceLog = (level, msg, extra) => {
  if (level === "debug" && !process.env.AILZ_DEBUG) return;
  const line = JSON.stringify({ level, msg, ...extra });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
};

function channelsFor(p: Policy, kinds: ReadonlySet<Channel["kind"]>): Channel[] {
  const out: Channel[] = [];
  for (const c of p.notifications.channels) {
    switch (c.type) {
      case "webhook":
        if (kinds.has("webhook")) out.push(createWebhookChannel({ url: c.url, name: c.name, headers: c.headers }));
        break;
      case "teams":
        if (kinds.has("teams")) out.push(createTeamsChannel({ url: c.url, name: c.name }));
        break;
      case "email":
        if (kinds.has("email")) {
          const cs = process.env.AILZ_ACS_CONNECTION_STRING;
          const auth = cs ? { accessKey: parseAcsConnectionString(cs).accessKey } : { credential: createCredential(loadAzureConfig()) };
          out.push(createAcsEmailChannel({ endpoint: c.endpoint, senderAddress: c.sender, auth, name: c.name }));
        }
        break;
      case "eventGrid":
        if (kinds.has("eventgrid")) {
          const key = process.env.AILZ_FINDINGS_TOPIC_KEY;
          out.push(createEventGridChannel({ endpoint: c.topicEndpoint, auth: key ? { key } : { credential: createCredential(loadAzureConfig()) }, name: c.name, source: "/ailz/findings" }));
        }
        break;
    }
  }
  return out;
}

/** People-facing channels (webhook, Teams, email); sends are audited. */
export const getNotifier = once(
  (): Notifier => createNotifier({ channels: channelsFor(getPolicy(), new Set(["webhook", "teams", "email"])), audit: getStores().audit, log, actor: getIdentity().objectId }),
);

/** Findings as CloudEvents on the policy's Event Grid channels. */
export const getFindingPublisher = once((): FindingPublisher | undefined => {
  const channels = channelsFor(getPolicy(), new Set(["eventgrid"]));
  if (channels.length === 0) return undefined;
  const topic = createNotifier({ channels, log });
  return {
    async publish(finding, change) {
      await topic.notify({
        title: `${finding.guardrail}${finding.rule ? `/${finding.rule}` : ""} ${change}: ${finding.reason}`,
        summary: finding.reason,
        kind: `finding.${change}`,
        resourceId: finding.resourceId,
        guardrail: finding.guardrail,
        data: finding as unknown as Record<string, unknown>,
        recipients: ["findings-topic"],
      });
    },
  };
});

export const getAzureActions = once((): AzureActionsPort => createAzureActions(getAzureClients()));

/** The action context of one trigger (an alert, an extension request): ailz acting as itself, audited under `correlationId`. */
export function actionContextFor(correlationId: string, now: Date): ActionContext {
  const stores = getStores();
  return { azure: getAzureActions(), sandboxActivity: stores.sandboxActivity, notifier: getNotifier(), now: () => now, audit: stores.audit, actor: getIdentity().objectId, correlationId, rootManagementGroupId: getPolicy().managementGroups.root };
}

/** Every port of the enforcement pipeline, built once. */
/** A whole-number setting from 1 up (unset or empty: `fallback`); anything else stops the app naming it. */
function countSetting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name}: must be a whole number from 1 up (got "${raw}")`);
  return Number(raw);
}

/**
 * Back-pressure for resourceEvents: events running at once on this instance
 * (`AILZ_EVENT_MAX_IN_FLIGHT`, 64), and how long one may wait for a slot before it fails fast for
 * Event Grid to redeliver (`AILZ_EVENT_MAX_WAIT_MS`, 10 s: well inside Event Grid's 30 s).
 */
export const getEventAdmission = once(() =>
  createAdmission({ maxInFlight: countSetting("AILZ_EVENT_MAX_IN_FLIGHT", 64), maxWaitMs: countSetting("AILZ_EVENT_MAX_WAIT_MS", 10_000) }),
);

/**
 * Event ids this instance has finished (acted on, or found to be duplicates): a redelivery of a
 * delivery that failed part-way (back-pressure, one failed event) answers them without waiting
 * for a slot, so each redelivery makes progress on the events still to do.
 */
export const getFinishedEvents = once(() => createRecentIds());

export const getEnforceDeps = once((): EnforceDeps => {
  const p = getPolicy();
  const facts = createFactsSource(getAzureClients());
  return {
    policy: p,
    identity: getIdentity(),
    stores: getStores(),
    facts,
    freshReads: createFreshReads((id) => facts.readResource(id)),
    subscriptions: createSubscriptionDirectory(facts, p),
    azure: getAzureActions(),
    notifier: getNotifier(),
    publisher: getFindingPublisher(),
    provenance: getProvenance(),
    now: () => new Date(),
    log,
    changesCanArriveTwice: changesCanArriveTwice(process.env.AILZ_EVENT_FAMILIES, p.vending?.eventFamilies),
  };
});

/** The webhook path of Azure's budget alerts: the budget read, one cost query for its drivers, the engine's stores. */
export const getBudgetAlertDeps = once((): BudgetAlertDeps => {
  const { facts, subscriptions } = getEnforceDeps();
  const clients = getAzureClients();
  const subOf = (scope: string) => /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1] ?? "";
  return {
    policy: getPolicy(),
    stores: getStores(),
    subscriptions,
    facts,
    async budget(scope, name) {
      const b = await getBudget(clients.consumption(subOf(scope)), scope, name);
      return b && { id: b.id, amount: b.amount };
    },
    async costDrivers(scope) {
      const byGroup = !/\/resourceGroups\//i.test(scope);
      const out: Awaited<ReturnType<BudgetAlertDeps["costDrivers"]>> = [];
      const rows = queryCost(clients.costManagement(), { scope, timeframe: "MonthToDate", groupBy: [{ dimension: byGroup ? "ResourceGroupName" : "ResourceId" }], costColumn: "PreTaxCost" });
      for await (const row of rows) {
        const name = String((byGroup ? row.ResourceGroupName : row.ResourceId) ?? "") || (byGroup ? "(no resource group)" : "(no resource)");
        out.push({ kind: byGroup ? "resourceGroup" : "resource", name, cost: Number(row.PreTaxCost ?? row.Cost ?? 0) });
      }
      return out;
    },
    async computeIn(scope) {
      // A sandbox's VMs and scale sets with their power state (Resource Graph rows carry instanceView's powerState).
      const quoted = scope.toLowerCase().replace(/'/g, "");
      const rows = await queryAll<ArmResourceLike>(clients.resourceGraph(), {
        query: `resources | where type in~ ('microsoft.compute/virtualmachines', 'microsoft.compute/virtualmachinescalesets') and tolower(id) startswith '${quoted}/' | project id, name, type, location, tags, properties`,
        subscriptions: [subOf(scope)],
      });
      return rows.map((r) => toResourceFacts(r));
    },
    actionContext: actionContextFor,
    publisher: getFindingPublisher(),
    now: () => new Date(),
  };
});
