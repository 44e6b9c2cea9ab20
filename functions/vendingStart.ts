import type * as df from "durable-functions";
import type { VendingConfig } from "../shared/config/VendingConfig";
import type { VendingRequest } from "../shared/estate/VendingRequest";
import { approvalReasons } from "../shared/vending/approvalReasons";
import { VEND_SUBSCRIPTION } from "../orchestrations/vending/names";
import type { VendInputIn } from "../orchestrations/vending/VendInput";
import type { VendingSettings } from "./vendingSettings";

/** The orchestration input: policy and settings fixed at start so replays see the same values. */
export function vendInputFor(requestId: string, r: VendingRequest, v: VendingConfig, s: VendingSettings, attempt = 0): VendInputIn {
  return {
    requestId,
    attempt,
    approvalReasons: attempt === 0 ? approvalReasons(r, v) : [],
    approvalTimeoutMs: Math.round(v.approval.timeoutHours * 3_600_000),
    aliasPollIntervalMs: Math.round(v.aliasPollIntervalSeconds * 1000),
    aliasPollTimeoutMs: Math.round(v.aliasPollTimeoutMinutes * 60_000),
    providerPollIntervalMs: s.AILZ_VENDING_PROVIDER_POLL_MS,
    retry: { firstRetryMs: s.AILZ_VENDING_RETRY_FIRST_MS, maxAttempts: s.AILZ_VENDING_RETRY_MAX_ATTEMPTS, backoff: 2, maxRetryMs: s.AILZ_VENDING_RETRY_MAX_MS },
    rbacRetry: { firstRetryMs: s.AILZ_VENDING_RBAC_RETRY_FIRST_MS, maxAttempts: s.AILZ_VENDING_RBAC_RETRY_MAX_ATTEMPTS, backoff: 1.5, maxRetryMs: Math.max(s.AILZ_VENDING_RETRY_MAX_MS, 120_000) },
  };
}

/** Starts the instance unless it already exists (a repeated POST after a crash between store and start). */
export async function startOnce(client: df.DurableClient, instanceId: string, input: VendInputIn): Promise<void> {
  const existing = await client.getStatus(instanceId).catch(() => undefined);
  if (existing && existing.runtimeStatus) return;
  try {
    await client.startNew(VEND_SUBSCRIPTION, { instanceId, input });
  } catch (e) {
    // 409: another caller started it between our check and the start.
    if (!/409|already exists|Conflict/i.test(String((e as Error).message))) throw e;
  }
}
