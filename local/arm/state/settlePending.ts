import type { EstateState } from "./EstateState";

// State transitions that complete "after a delay" happen lazily: every request settles what is
// due on the emulator clock, so advancing the clock completes them without background timers.

/** Subscriptions of aliases whose creation finished; returns how many appeared. */
export function settlePending(state: EstateState, nowMs: number): number {
  let created = 0;
  for (const alias of state.aliases.values()) {
    if (Date.parse(alias.completesAt) > nowMs) continue;
    if (state.subscriptions.has(alias.subscriptionId.toLowerCase())) continue;
    state.subscriptions.set(alias.subscriptionId.toLowerCase(), {
      subscriptionId: alias.subscriptionId,
      displayName: alias.displayName,
      state: "Enabled",
      tenantId: state.tenantId,
      managementGroupId: alias.managementGroupId,
      tags: alias.tags,
      createdAt: alias.completesAt,
      workload: alias.workload,
      billingScope: alias.billingScope,
    });
    created++;
  }
  return created;
}
