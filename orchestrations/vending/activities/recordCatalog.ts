import { completedSteps, withStep } from "../../../shared/vending/withStep";
import { inStep } from "../inStep";
import { readRequest, updateRequest } from "../requestState";
import type { VendingDeps } from "../VendingDeps";
import { ownersOf } from "./loadRequest";

/** The catalog entry (who owns what, expiry, budget, network, quota), Completed, and the summary to requester and owners. */
export async function recordCatalog(deps: VendingDeps, input: { requestId: string; subscriptionId: string; at: string }) {
  const s = await readRequest(deps, input.requestId);
  const done = completedSteps(s);
  const r = s.request;
  const entry = {
    status: "Active",
    subscriptionId: input.subscriptionId,
    requestId: input.requestId,
    workloadName: r.workloadName,
    archetype: r.archetype,
    environment: r.environment,
    owners: ownersOf(done).map((o) => ({ objectId: o.objectId, upn: o.upn })),
    costCenter: r.costCenter,
    expiresOn: r.expiresOn ?? null,
    budget: done.budget ?? null,
    network: done.network ?? null,
    quota: done.quota ?? null,
    regions: r.regions,
    vendedAt: input.at,
  };
  await inStep(deps, input.requestId, "record", async () => {
    await deps.stores.catalog.put(input.subscriptionId, entry);
    return { catalog: input.subscriptionId };
  });
  const completed = await updateRequest(deps, input.requestId, (x) =>
    x.status === "Completed" ? undefined : withStep({ ...x, status: "Completed", completedAt: input.at, subscriptionId: input.subscriptionId }, "record", { status: "succeeded" }, input.at),
  );
  deps.telemetry?.vendingCompleted({
    requestId: input.requestId,
    archetype: r.archetype,
    durationMs: Math.max(0, Date.parse(input.at) - Date.parse(completed.createdAt)),
    outcome: "succeeded",
    subscriptionId: input.subscriptionId,
  });
  const net = done.network as { cidr?: string } | undefined;
  await deps.notifier.notify({
    title: `Subscription ${r.workloadName}-${r.environment} is ready`,
    summary: `Your ${r.archetype} subscription ${input.subscriptionId} is vended with its guardrails in place.`,
    kind: "vending.completed",
    facts: [
      { name: "subscription", value: input.subscriptionId },
      { name: "archetype", value: r.archetype },
      { name: "budget", value: String(r.budget.amount) },
      ...(net?.cidr ? [{ name: "address range", value: net.cidr }] : []),
      ...(r.expiresOn ? [{ name: "expires on", value: r.expiresOn }] : []),
    ],
    recipients: [...new Set([s.requestedBy, ...r.owners])],
    data: entry,
  });
  return { subscriptionId: input.subscriptionId };
}
