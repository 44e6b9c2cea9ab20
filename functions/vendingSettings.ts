import { z } from "zod";
import type { ResourceEventsTarget } from "../shared/azure/eventGrid/resourceEventsWiring";

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const armId = (type: string) => {
  const [ns, t] = type.split("/");
  return z.string().regex(new RegExp(`^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/${ns!.replace(".", "\\.")}/${t}/[^/]+$`, "i"), `a ${type} resource id`);
};

/**
 * Vending's app settings, validated once (a bad value stops the first vending call with the
 * setting named). Read here rather than in guardrails.yaml because they are deployment facts
 * (URLs with keys) or tuning, not policy.
 */
export const VendingSettings = z.object({
  /** Where vended subscriptions' resource events go (shared/azure/eventGrid/resourceEventsWiring.ts): the Function App, */
  AILZ_FUNCTION_APP_ID: armId("Microsoft.Web/sites").optional(),
  /** the storage account holding the dead-letter container, */
  AILZ_STORAGE_ACCOUNT_ID: armId("Microsoft.Storage/storageAccounts").optional(),
  /** and ailz's user-assigned identity, which writes the dead letters. */
  AILZ_IDENTITY_ID: armId("Microsoft.ManagedIdentity/userAssignedIdentities").optional(),
  /** The ailz budget webhook, with its key (the local world sets it to its host's). */
  AILZ_BUDGET_WEBHOOK_URL: z.url().optional(),
  /** Subscription whose compute SKU list answers "is this GPU family offered in that region" (default: the hub's). */
  AILZ_SKU_SUBSCRIPTION_ID: z.string().min(1).optional(),
  AILZ_VENDING_RETRY_FIRST_MS: ms(5_000),
  AILZ_VENDING_RETRY_MAX_ATTEMPTS: ms(5),
  AILZ_VENDING_RETRY_MAX_MS: ms(60_000),
  AILZ_VENDING_RBAC_RETRY_FIRST_MS: ms(15_000),
  AILZ_VENDING_RBAC_RETRY_MAX_ATTEMPTS: ms(12),
  AILZ_VENDING_PROVIDER_POLL_MS: ms(10_000),
});
export type VendingSettings = z.infer<typeof VendingSettings>;

export function loadVendingSettings(env: Record<string, string | undefined> = process.env): VendingSettings {
  const r = VendingSettings.safeParse(env);
  if (r.success) return r.data;
  const i = r.error.issues[0]!;
  throw new Error(`setting ${i.path.join(".")}: ${i.message}`);
}

export function eventsTargetOf(s: VendingSettings): ResourceEventsTarget {
  const need = (name: "AILZ_FUNCTION_APP_ID" | "AILZ_STORAGE_ACCOUNT_ID" | "AILZ_IDENTITY_ID", what: string): string => {
    const v = s[name];
    if (!v) throw new Error(`setting ${name}: required (${what})`);
    return v;
  };
  return {
    functionAppId: need("AILZ_FUNCTION_APP_ID", "the ailz Function App's resource id, where vended subscriptions' events go"),
    deadLetterStorageAccountId: need("AILZ_STORAGE_ACCOUNT_ID", "the storage account holding the Event Grid dead-letter container"),
    identityId: need("AILZ_IDENTITY_ID", "ailz's user-assigned identity, which writes the dead letters"),
  };
}

export function budgetWebhookOf(s: VendingSettings): string {
  if (!s.AILZ_BUDGET_WEBHOOK_URL) throw new Error("setting AILZ_BUDGET_WEBHOOK_URL: required (the /api/budget-alerts URL with its key)");
  return s.AILZ_BUDGET_WEBHOOK_URL;
}
