import type { ResourceEventsTarget } from "../../shared/azure/eventGrid/resourceEventsWiring";
import type { AzureClients } from "../../shared/azure/clientFactory";
import type { Policy } from "../../shared/config/Policy";
import type { VendingConfig } from "../../shared/config/VendingConfig";
import type { Notifier } from "../../shared/notify/createNotifier";
import type { Stores } from "../../shared/store/ports";
import type { Telemetry } from "../../shared/telemetry/Telemetry";

/** Everything the vending activities touch, handed in (emulator-backed in tests, Azure in production). */
export interface VendingDeps {
  policy: Policy;
  vending: VendingConfig;
  clients: AzureClients;
  stores: Pick<Stores, "vendingRequests" | "catalog" | "ipam">;
  notifier: Notifier;
  /** Where new subscriptions' resource events go (the `resourceEvents` function, dead letters, the identity writing them). */
  eventsTarget: ResourceEventsTarget;
  /** The ailz budget webhook (`/api/budget-alerts` with its key). */
  budgetWebhookUrl: string;
  /** Tenant the new subscriptions belong to. */
  tenantId: string;
  now: () => Date;
  /** Vending duration and outcome as metrics (optional: unit tests leave it out). */
  telemetry?: Pick<Telemetry, "vendingCompleted">;
  log: (level: "debug" | "info" | "warn" | "error", msg: string, extra?: Record<string, unknown>) => void;
}
