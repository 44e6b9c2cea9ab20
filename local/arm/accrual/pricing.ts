import type { EstateState } from "../state/EstateState";
import type { ArmResource } from "../state/schemas";
import { AKS_TIER_DAILY, COMPUTE_METER, DAILY, NON_PREMIUM_DISK_FACTOR, PREMIUM_DISK_DAILY, SEARCH_DAILY_PER_UNIT, vmHourlyPrice } from "./prices";

/** One thing a resource is billed for, per day, over the interval [from, until). */
export interface BillingLine {
  meter: string;
  perDay: number;
  /**
   * The resource the cost is booked on. Node pools and ML compute nodes are billed as compute on
   * their cluster or workspace, as the demo estate's history books them.
   */
  owner: ArmResource;
  /** Start of billing (creation), epoch ms; -Infinity when the document does not say. */
  from: number;
  /** End of billing (deallocation), epoch ms; Infinity while the resource runs. */
  until: number;
}

/** Receives each line (no object per line: a million resources are priced per clock change). */
export type BillingSink = (owner: ArmResource, meter: string, perDay: number, from: number, until: number) => void;

type Pricer = (r: ArmResource, state: EstateState, out: BillingSink) => void;

const props = (r: ArmResource | undefined): Record<string, any> => (r?.properties ?? {}) as Record<string, any>;
const skuOf = (r: ArmResource): { name?: string; tier?: string } => ((r as { sku?: { name?: string; tier?: string } }).sku ?? {});

/** Parsed timestamps: large estates repeat the same few (generated ones share systemData objects). */
const parsed = new Map<string, number>();

function parseMs(v: unknown): number | undefined {
  if (typeof v !== "string") return undefined;
  let ms = parsed.get(v);
  if (ms === undefined) {
    ms = Date.parse(v);
    if (parsed.size > 100_000) parsed.clear();
    parsed.set(v, ms);
  }
  return Number.isNaN(ms) ? undefined : ms;
}

/** Creation time: systemData.createdAt, else the type's own creation property. */
function createdMs(r: ArmResource): number {
  const p = props(r);
  return parseMs((r as { systemData?: { createdAt?: string } }).systemData?.createdAt) ?? parseMs(p.timeCreated) ?? parseMs(p.dateCreated) ?? parseMs(p.creationTime) ?? -Infinity;
}

function lastModifiedMs(r: ArmResource): number | undefined {
  return parseMs((r as { systemData?: { lastModifiedAt?: string } }).systemData?.lastModifiedAt);
}

/** Parent of a child resource id (`.../accounts/a/deployments/d` -> `.../accounts/a`). */
function parentId(id: string): string {
  return id.slice(0, id.lastIndexOf("/", id.lastIndexOf("/") - 1));
}

function line(out: BillingSink, owner: ArmResource, meter: string, perDay: number, from: number, until = Infinity): void {
  if (perDay > 0 && until > from) out(owner, meter, perDay, from, until);
}

function daily(type: string): { meter: string; perDay: number } {
  return DAILY[type]!;
}

const DEALLOCATED = /^(PowerState\/)?deallocat(ed|ing)$/i;

const virtualMachine: Pricer = (r, _s, out) => {
  const p = props(r);
  const code: unknown = p.extended?.instanceView?.powerState?.code;
  // Azure stops compute charges only on deallocation (a VM stopped from inside the OS still bills).
  // A deallocated VM bills until its last change, which is the deallocation when nothing changed it since.
  const deallocated = typeof code === "string" && DEALLOCATED.test(code);
  const until = deallocated ? (lastModifiedMs(r) ?? -Infinity) : Infinity;
  line(out, r, COMPUTE_METER, vmHourlyPrice(p.hardwareProfile?.vmSize) * 24, createdMs(r), until);
};

const managedCluster: Pricer = (r, _s, out) => {
  if (String(props(r).powerState?.code ?? "Running").toLowerCase() === "stopped") return;
  const tier = skuOf(r).tier?.toLowerCase();
  const perDay = tier !== undefined && AKS_TIER_DAILY[tier] !== undefined ? AKS_TIER_DAILY[tier]! : daily("microsoft.containerservice/managedclusters").perDay;
  line(out, r, daily("microsoft.containerservice/managedclusters").meter, perDay, createdMs(r));
};

const agentPool: Pricer = (r, state, out) => {
  const p = props(r);
  const cluster = state.getResource(parentId(r.id));
  if (!cluster || String(props(cluster).powerState?.code ?? "Running").toLowerCase() === "stopped") return;
  if (String(p.powerState?.code ?? "Running").toLowerCase() === "stopped") return;
  const nodes = Number(p.count ?? 0);
  if (!(nodes > 0)) return;
  line(out, cluster, COMPUTE_METER, nodes * vmHourlyPrice(p.vmSize) * 24, Math.max(createdMs(r), createdMs(cluster)));
};

const mlCompute: Pricer = (r, state, out) => {
  const p = props(r);
  const inner = (p.properties ?? {}) as Record<string, any>;
  const workspace = state.getResource(parentId(r.id));
  if (!workspace) return;
  const type = String(p.computeType ?? "").toLowerCase();
  // Clusters bill only their always-on minimum nodes (the rest scale to zero); instances bill while running.
  const nodes = type === "amlcompute" ? Number(inner.scaleSettings?.minNodeCount ?? 0) : type === "computeinstance" && String(inner.state ?? "Running").toLowerCase() === "running" ? 1 : 0;
  if (!(nodes > 0)) return;
  line(out, workspace, COMPUTE_METER, nodes * vmHourlyPrice(inner.vmSize) * 24, Math.max(createdMs(r), createdMs(workspace)));
};

const searchService: Pricer = (r, _s, out) => {
  const p = props(r);
  const sku = skuOf(r).name?.toLowerCase() ?? "standard";
  const perUnit = SEARCH_DAILY_PER_UNIT[sku] ?? daily("microsoft.search/searchservices").perDay;
  const units = Math.max(1, Number(p.replicaCount ?? 1)) * Math.max(1, Number(p.partitionCount ?? 1));
  line(out, r, daily("microsoft.search/searchservices").meter, perUnit * units, createdMs(r));
};

const cognitiveAccount: Pricer = (r, _s, out) => {
  // The free tier has no charge; paid tiers are priced at a typical day of token usage.
  if ((skuOf(r).name ?? "").toUpperCase() === "F0") return;
  const d = daily("microsoft.cognitiveservices/accounts");
  line(out, r, d.meter, d.perDay, createdMs(r));
};

const disk: Pricer = (r, _s, out) => {
  const gb = Number(props(r).diskSizeGB);
  const d = daily("microsoft.compute/disks");
  let perDay = d.perDay;
  if (gb > 0) perDay = (PREMIUM_DISK_DAILY.find(([max]) => gb <= max) ?? PREMIUM_DISK_DAILY[PREMIUM_DISK_DAILY.length - 1]!)[1];
  if (!/^premium/i.test(skuOf(r).name ?? "Premium_LRS")) perDay *= NON_PREMIUM_DISK_FACTOR;
  line(out, r, d.meter, perDay, createdMs(r));
};

const SPECIAL: Record<string, Pricer> = {
  "microsoft.compute/virtualmachines": virtualMachine,
  "microsoft.containerservice/managedclusters": managedCluster,
  "microsoft.containerservice/managedclusters/agentpools": agentPool,
  "microsoft.machinelearningservices/workspaces/computes": mlCompute,
  "microsoft.search/searchservices": searchService,
  "microsoft.cognitiveservices/accounts": cognitiveAccount,
  "microsoft.compute/disks": disk,
};

const flat = (type: string): Pricer => (r, _s, out) => line(out, r, DAILY[type]!.meter, DAILY[type]!.perDay, createdMs(r));

/** Pricer per resource type as spelled in documents (a handful of spellings; saves lower-casing a million types). */
const byRawType = new Map<string, Pricer | null>();

function pricerOf(type: string): Pricer | null {
  let p = byRawType.get(type);
  if (p === undefined) {
    const t = type.toLowerCase();
    p = SPECIAL[t] ?? (DAILY[t] ? flat(t) : null);
    byRawType.set(type, p);
  }
  return p;
}

/** Calls `sink` for each thing a resource bills per day in its current state (nothing for free types such as NICs or deployments). */
export function priceResource(r: ArmResource, state: EstateState, sink: BillingSink): void {
  pricerOf(r.type)?.(r, state, sink);
}

/**
 * What a resource bills per day in its current state, as objects.
 * @internal
 */
export function billingLines(r: ArmResource, state: EstateState): BillingLine[] {
  const out: BillingLine[] = [];
  priceResource(r, state, (owner, meter, perDay, from, until) => out.push({ owner, meter, perDay, from, until }));
  return out;
}
