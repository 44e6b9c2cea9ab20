import { z } from "zod";

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * Vending's app settings, validated once (a bad value stops the first vending call with the
 * setting named). Read here rather than in guardrails.yaml because they are deployment facts
 * (URLs with keys) or tuning, not policy.
 */
export const VendingSettings = z.object({
  /** The `resourceEvents` Event Grid webhook, with its key (the local world sets it to its host's). */
  AILZ_EVENTS_ENDPOINT: z.url().optional(),
  /** The ailz budget webhook, with its key (the local world sets it like AILZ_EVENTS_ENDPOINT). */
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

export function eventsEndpointOf(s: VendingSettings): string {
  if (!s.AILZ_EVENTS_ENDPOINT) throw new Error("setting AILZ_EVENTS_ENDPOINT: required (the resourceEvents Event Grid webhook URL with its key)");
  return s.AILZ_EVENTS_ENDPOINT;
}

export function budgetWebhookOf(s: VendingSettings): string {
  if (!s.AILZ_BUDGET_WEBHOOK_URL) throw new Error("setting AILZ_BUDGET_WEBHOOK_URL: required (the /api/budget-alerts URL with its key)");
  return s.AILZ_BUDGET_WEBHOOK_URL;
}
