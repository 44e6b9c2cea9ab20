// Vending's composition root, built on functions/deps.ts: the same policy, clients, stores and
// notifier, plus what only vending needs (directory, SKU catalog, webhook URLs).
import { tenantIdOf, loadAzureConfig } from "../shared/azure/azureConfig";
import type { VendingConfig } from "../shared/config/VendingConfig";
import { createGraphDirectory } from "../shared/vending/createGraphDirectory";
import { installedPrincipalDirectory } from "../shared/vending/setPrincipalDirectory";
import { createSkuCatalog } from "../shared/vending/createSkuCatalog";
import type { PrincipalDirectory } from "../shared/vending/PrincipalDirectory";
import type { SkuCatalog } from "../shared/vending/SkuCatalog";
import type { VendingDeps } from "../orchestrations/vending/VendingDeps";
import { getAzureClients, getNotifier, getPolicy, getStores, log } from "./deps";
import { budgetWebhookOf, eventsTargetOf, loadVendingSettings, type VendingSettings } from "./vendingSettings";
import { getTelemetry } from "../shared/telemetry/getTelemetry";

const once = <T>(make: () => T): (() => T) => {
  let v: { value: T } | undefined;
  return () => (v ??= { value: make() }).value;
};

export const getVendingSettings = once((): VendingSettings => loadVendingSettings());

/** The policy's vending section; a policy without one answers vending calls with 503 naming it. */
export function getVendingConfig(): VendingConfig {
  const v = getPolicy().vending;
  if (!v) throw new Error("guardrails.yaml has no `vending` section");
  return v;
}

export const getDirectory = once((): PrincipalDirectory => installedPrincipalDirectory() ?? createGraphDirectory(getAzureClients().credential));

export const getSkuCatalog = once((): SkuCatalog => {
  const s = getVendingSettings();
  const hubSub = /^\/subscriptions\/([^/]+)/i.exec(getVendingConfig().network.hubVnetId)?.[1];
  const sub = s.AILZ_SKU_SUBSCRIPTION_ID ?? hubSub;
  if (!sub) throw new Error("setting AILZ_SKU_SUBSCRIPTION_ID: required when vending.network.hubVnetId names no subscription");
  return createSkuCatalog(getAzureClients(), sub);
});

export const getVendingDeps = once((): VendingDeps => {
  const s = getVendingSettings();
  return {
    policy: getPolicy(),
    vending: getVendingConfig(),
    clients: getAzureClients(),
    stores: getStores(),
    notifier: getNotifier(),
    eventsTarget: eventsTargetOf(s),
    budgetWebhookUrl: budgetWebhookOf(s),
    tenantId: tenantIdOf(loadAzureConfig()),
    now: () => new Date(),
    telemetry: getTelemetry(),
    log,
  };
});
