import type { ArmResource, EstateJson } from "../arm/state/schemas";
import { vmSku } from "../arm/state/vmSkus";
import type { QuotaSampleStore, SandboxActivityStore } from "../../shared/store/ports";
import type { QuotaSample, SandboxActivity } from "../../shared/store/records";
import { buildDemoEstate } from "./buildDemoEstate";
import { DAY_MS } from "./DemoBuilder";
import { DEMO_SANDBOX_GROUPS, DEMO_SUBSCRIPTIONS, sandboxGroupScope, sandboxGroupStorageName, subId, user } from "./demoIds";
import { DEMO_ALLOCATIONS, DEMO_QUOTA_SPIKES } from "./quotaPlan";

/**
 * Days of quota history the demo starts with (the idle-quota window is 30, minimum history 30).
 * @internal
 */
export const DEMO_HISTORY_DAYS = 45;
/** Samples are taken at this hour (UTC) each day, like a nightly sweep's reading. */
const SAMPLE_HOUR = 2;

/** @internal */
export interface DemoHistory {
  quotaSamples: QuotaSample[];
  sandboxActivity: SandboxActivity[];
}

interface Holder {
  subscriptionId: string;
  location: string;
  family: string;
  vCpus: number;
  since: number;
}

/** GPU quota holders: VMs (running or deallocated) and AKS agent pools, with their creation time. */
function holders(estate: EstateJson): Holder[] {
  const docs = estate.resources ?? [];
  const byId = new Map(docs.map((r) => [r.id.toLowerCase(), r]));
  const out: Holder[] = [];
  const createdAt = (r: ArmResource) => Date.parse(String((r as { systemData?: { createdAt?: string } }).systemData?.createdAt ?? "1970-01-01T00:00:00Z"));
  for (const r of docs) {
    const type = r.type.toLowerCase();
    const sub = /^\/subscriptions\/([^/]+)/i.exec(r.id)?.[1]?.toLowerCase() ?? "";
    if (type === "microsoft.compute/virtualmachines") {
      const sku = vmSku((r.properties as { hardwareProfile?: { vmSize?: string } } | undefined)?.hardwareProfile?.vmSize);
      if (sku) out.push({ subscriptionId: sub, location: (r.location ?? "").toLowerCase(), family: sku.family, vCpus: sku.vCPUs, since: createdAt(r) });
    } else if (type === "microsoft.containerservice/managedclusters/agentpools") {
      const p = r.properties as { vmSize?: string; count?: number } | undefined;
      const sku = vmSku(p?.vmSize);
      const cluster = byId.get(r.id.toLowerCase().slice(0, r.id.toLowerCase().lastIndexOf("/agentpools/")));
      if (sku && cluster) out.push({ subscriptionId: sub, location: (cluster.location ?? "").toLowerCase(), family: sku.family, vCpus: sku.vCPUs * Number(p?.count ?? 0), since: createdAt(r) });
    }
  }
  return out;
}

/**
 * The history ailz would have recorded over the 45 days before `now`: one GPU quota sample per
 * day per quota-group allocation (usage = the VMs and AKS pools that existed then, plus the
 * spikes of quotaPlan.ts; limit = the allocation), and each sandbox's latest write (subscription
 * and resource-group sandboxes).
 * @internal
 */
export function demoHistory(now: Date, estate: EstateJson = buildDemoEstate(now)): DemoHistory {
  const t = now.getTime();
  const all = holders(estate);
  const dayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const quotaSamples: QuotaSample[] = [];
  for (const a of DEMO_ALLOCATIONS) {
    const sub = subId(DEMO_SUBSCRIPTIONS.find((s) => s.key === a.sub)!.n);
    const mine = all.filter((h) => h.subscriptionId === sub && h.location === a.location && h.family.toLowerCase() === a.family.toLowerCase());
    const spikes = DEMO_QUOTA_SPIKES.filter((s) => s.sub === a.sub && s.location === a.location && s.family === a.family);
    for (let d = DEMO_HISTORY_DAYS; d >= 0; d--) {
      const at = dayStart - d * DAY_MS + SAMPLE_HOUR * 3_600_000;
      if (at > t) continue;
      let usage = mine.filter((h) => h.since <= at).reduce((n, h) => n + h.vCpus, 0);
      for (const s of spikes) if (at >= t - s.fromDaysAgo * DAY_MS && at <= t - s.toDaysAgo * DAY_MS) usage += s.cores;
      quotaSamples.push({ subscriptionId: sub, location: a.location, family: a.family, at: new Date(at).toISOString(), usage, limit: a.limit });
    }
  }
  const sandboxActivity: SandboxActivity[] = DEMO_SUBSCRIPTIONS.filter((s) => s.sandbox).map((s) => ({
    sandboxId: `/subscriptions/${subId(s.n)}`,
    at: new Date(t - s.sandbox!.idleDays * DAY_MS).toISOString(),
    by: user(s.owner).upn,
    resourceId: `/subscriptions/${subId(s.n)}/resourceGroups/rg-${s.key}/providers/Microsoft.Storage/storageAccounts/st${s.key.replace(/[^a-z0-9]/gi, "").toLowerCase()}`,
    operation: "Microsoft.Storage/storageAccounts/write",
  }));
  // Resource-group sandboxes: Resource Graph rows carry no systemData, so without this history
  // the sweep's first run would see no change time inside them and treat them as active.
  for (const g of DEMO_SANDBOX_GROUPS) {
    const id = sandboxGroupScope(g);
    sandboxActivity.push({
      sandboxId: id,
      at: new Date(t - g.idleDays * DAY_MS).toISOString(),
      by: user(g.owner).upn,
      resourceId: `${id}/providers/Microsoft.Storage/storageAccounts/${sandboxGroupStorageName(g)}`,
      operation: "Microsoft.Storage/storageAccounts/write",
    });
  }
  return { quotaSamples, sandboxActivity };
}

export interface SeedResult {
  quotaSamples: number;
  sandboxActivities: number;
}

/**
 * Writes the demo's history into ailz's own stores so a fresh local world looks 45 days in.
 * Each part is written only when its store is empty (a restarted world keeps what it recorded),
 * so calling it again writes nothing. Resolves how many records were written.
 */
export async function seedDemoHistory(stores: { quotaSamples: QuotaSampleStore; sandboxActivity: SandboxActivityStore }, now: Date): Promise<SeedResult> {
  const history = demoHistory(now);
  const first = history.quotaSamples[0]!;
  const hasSamples = (await stores.quotaSamples.samples(first.subscriptionId, first.location, first.family, "1970-01-01T00:00:00.000Z")).length > 0;
  const hasActivity = (await stores.sandboxActivity.list()).length > 0;
  const result: SeedResult = { quotaSamples: 0, sandboxActivities: 0 };
  if (!hasSamples) {
    for (const s of history.quotaSamples) await stores.quotaSamples.record(s);
    result.quotaSamples = history.quotaSamples.length;
  }
  if (!hasActivity) {
    for (const a of history.sandboxActivity) await stores.sandboxActivity.record(a);
    result.sandboxActivities = history.sandboxActivity.length;
  }
  return result;
}
