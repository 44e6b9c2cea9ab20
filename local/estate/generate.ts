import path from "node:path";
import type { ArmResource, CostRecord, EstateJson } from "../arm/state/schemas";
import { writeEstateFile } from "../arm/persistence";
import { DEFAULT_TENANT_ID } from "../arm/tokens";
import { createPrng } from "./prng";

// Synthetic large estates for benchmarks (10,000 subscriptions, 1,000,000 resources): the same
// EstateJson shape as the demo, built for memory rather than realism. Plain objects; tags,
// systemData and the properties of ordinary resources are shared between resources of a
// subscription (the emulator replaces these objects on writes, never mutates them in place; VMs
// and AI accounts, whose properties the emulator does change, get their own).
//
// Cost records are aggregated: one record per subscription, resource group and meter category per
// day (compute spend on the subscription's compute group, everything else on its data group),
// with `resourceId` empty. 10,000 subscriptions x 45 days is then about 900,000 records instead
// of 45 million per-resource ones.

export interface GenerateOptions {
  subscriptions: number;
  resources: number;
  seed?: number;
  now?: Date;
  /** Days of daily cost before `now` (default 45; 0 for none). */
  costDays?: number;
}

const DAY = 86_400_000;
const PIPELINE_APP_ID = "5a1e0000-0000-4000-8000-00000000a001";
const REGIONS = { corp: ["eastus2", "swedencentral"], online: ["eastus2", "westeurope"], sandbox: ["eastus2"], platform: ["eastus2"], decommissioned: ["eastus2"] } as const;
const GPU_SIZES: Array<[string, number]> = [["Standard_NC24ads_A100_v4", 88], ["Standard_NC4as_T4_v3", 12.6], ["Standard_ND96isr_H100_v5", 2360]];
const CPU_SIZES: Array<[string, number]> = [["Standard_D2s_v5", 2.3], ["Standard_D4s_v5", 4.6], ["Standard_E4s_v5", 6]];
const ORDINARY: Array<[type: string, prefix: string, perDay: number]> = [
  ["Microsoft.Storage/storageAccounts", "st", 2.4],
  ["Microsoft.Network/networkInterfaces", "nic", 0],
  ["Microsoft.Compute/disks", "disk", 0.66],
  ["Microsoft.KeyVault/vaults", "kv", 0.08],
  ["Microsoft.Network/networkSecurityGroups", "nsg", 0],
  ["Microsoft.Web/sites", "app", 3.4],
  ["Microsoft.Insights/components", "appi", 1.1],
];
const BUSINESS_UNITS = ["finance", "retail", "manufacturing", "health", "research", "marketing", "hr", "logistics"];

type Archetype = keyof typeof REGIONS;

export interface GeneratedEstate extends EstateJson {
  resources: ArmResource[];
  costRecords: CostRecord[];
}

/** Subscription id of index i: 5b5b<hex i>-0000-4000-8000-<hex i>. */
export const syntheticSubscriptionId = (i: number): string => `5b5b${(i & 0xffff).toString(16).padStart(4, "0")}-${((i >>> 16) & 0xffff).toString(16).padStart(4, "0")}-4000-8000-${i.toString(16).padStart(12, "0")}`;

function archetypeOf(i: number, n: number): Archetype {
  if (i < Math.min(3, n)) return "platform";
  const r = (i * 2654435761) % 100;
  return r < 45 ? "corp" : r < 75 ? "online" : r < 95 ? "sandbox" : "decommissioned";
}

/**
 * Builds a synthetic estate: a management-group tree (alz -> platform, landingzones -> corp/online
 * -> one group per business unit, sandbox, decommissioned), `subscriptions` subscriptions and
 * `resources` resources (~5% GPU VMs, ~2% AI accounts, the rest ordinary), a GPU quota group,
 * budgets and aggregated daily cost. Deterministic for the same options.
 */
export function generateEstate(opts: GenerateOptions): GeneratedEstate {
  const { subscriptions: nSubs, resources: nRes } = opts;
  if (!Number.isInteger(nSubs) || nSubs < 1) throw new RangeError("generateEstate: subscriptions must be a positive integer");
  if (!Number.isInteger(nRes) || nRes < 0) throw new RangeError("generateEstate: resources must be a non-negative integer");
  const now = opts.now ?? new Date();
  const rnd = createPrng(opts.seed ?? 1);
  const costDays = opts.costDays ?? 45;
  const iso = (ms: number) => new Date(ms).toISOString();

  const managementGroups: NonNullable<EstateJson["managementGroups"]> = [
    { name: "alz", displayName: "Synthetic ALZ" },
    { name: "platform", parent: "alz" }, { name: "identity", parent: "platform" }, { name: "management", parent: "platform" }, { name: "connectivity", parent: "platform" },
    { name: "landingzones", parent: "alz" }, { name: "corp", parent: "landingzones" }, { name: "online", parent: "landingzones" },
    { name: "sandbox", parent: "alz" }, { name: "decommissioned", parent: "alz" },
  ];
  for (const bu of BUSINESS_UNITS) managementGroups.push({ name: `corp-${bu}`, parent: "corp" }, { name: `online-${bu}`, parent: "online" });

  const subscriptions: NonNullable<EstateJson["subscriptions"]> = [];
  const resourceGroups: ArmResource[] = [];
  const resources: ArmResource[] = [];
  const budgets: ArmResource[] = [];
  const quotaLimits: NonNullable<EstateJson["quotaLimits"]> = [];
  const allocations: Array<{ subscriptionId: string; location: string; family: string; limit: number }> = [];
  /** Per subscription: daily compute and other spend, for the cost records. */
  const spend: Array<{ sub: string; compute: number; other: number; location: string; computeRg: string; dataRg: string }> = [];

  const base = Math.floor(nRes / nSubs);
  const extra = nRes % nSubs;
  const counters = { gpu: 0, ai: 0 };
  for (let i = 0; i < nSubs; i++) {
    const sub = syntheticSubscriptionId(i);
    const arch = archetypeOf(i, nSubs);
    const region = rnd.pick(REGIONS[arch]);
    const bu = BUSINESS_UNITS[i % BUSINESS_UNITS.length]!;
    const mg = arch === "platform" ? ["identity", "management", "connectivity"][i]! : arch === "corp" || arch === "online" ? `${arch}-${bu}` : arch;
    const owner = `owner${i % 5000}@contoso.com`;
    const full = { owner, "cost-center": `cc-${1000 + (i % 400)}`, project: `proj-${i}`, environment: i % 3 === 0 ? "prod" : "dev" };
    // ~3% of subscriptions' resources lack tags (made by hand).
    const handMade = rnd.chance(0.03);
    const tags = handMade ? { owner } : full;
    const createdMs = now.getTime() - rnd.int(30, 900) * DAY;
    const byPipeline = { createdBy: PIPELINE_APP_ID, createdByType: "Application", createdAt: iso(createdMs), lastModifiedBy: PIPELINE_APP_ID, lastModifiedByType: "Application", lastModifiedAt: iso(createdMs) };
    const byUser = { createdBy: owner, createdByType: "User", createdAt: iso(createdMs), lastModifiedBy: owner, lastModifiedByType: "User", lastModifiedAt: iso(createdMs + rnd.int(0, 20) * DAY) };
    const systemData = handMade || arch === "sandbox" ? byUser : byPipeline;
    subscriptions.push({
      subscriptionId: sub,
      displayName: `${arch}-${bu}-${i}`,
      state: "Enabled",
      managementGroupId: mg,
      tags: { ...full, archetype: arch, ...(arch === "sandbox" ? { "expires-on": iso(now.getTime() + rnd.int(-10, 80) * DAY).slice(0, 10) } : {}) },
      createdAt: iso(createdMs),
    });
    const rgs = ["compute", "data", "app"].map((k) => `rg-${k}-${i}`);
    for (const name of rgs) resourceGroups.push({ id: `/subscriptions/${sub}/resourceGroups/${name}`, name, type: "Microsoft.Resources/resourceGroups", location: region, tags: full, properties: { provisioningState: "Succeeded" } });
    const shared = { provisioningState: "Succeeded" };
    let compute = 0;
    let other = 0;
    let gpuCores = 0;
    const count = base + (i < extra ? 1 : 0);
    for (let k = 0; k < count; k++) {
      const r = rnd.next();
      const name = `r${i}-${k}`;
      if (r < 0.05) {
        const [size, perDay] = rnd.pick(GPU_SIZES);
        const running = rnd.chance(0.7);
        counters.gpu++;
        gpuCores += size.includes("ND96") ? 96 : size.includes("NC24") ? 24 : 4;
        if (running) compute += perDay;
        resources.push({ id: `/subscriptions/${sub}/resourceGroups/${rgs[0]}/providers/Microsoft.Compute/virtualMachines/vm-gpu-${name}`, name: `vm-gpu-${name}`, type: "Microsoft.Compute/virtualMachines", location: region, tags, systemData, properties: { hardwareProfile: { vmSize: size }, provisioningState: "Succeeded", extended: { instanceView: { powerState: { code: running ? "PowerState/running" : "PowerState/deallocated" } } } } } as ArmResource);
      } else if (r < 0.07) {
        counters.ai++;
        other += 40;
        const open = rnd.chance(0.2);
        resources.push({ id: `/subscriptions/${sub}/resourceGroups/${rgs[1]}/providers/Microsoft.CognitiveServices/accounts/oai-${name}`, name: `oai-${name}`, type: "Microsoft.CognitiveServices/accounts", kind: rnd.chance(0.7) ? "OpenAI" : "AIServices", sku: { name: "S0" }, location: region, tags, systemData, identity: open ? undefined : { type: "SystemAssigned" }, properties: { provisioningState: "Succeeded", publicNetworkAccess: open ? "Enabled" : "Disabled", disableLocalAuth: !open } } as ArmResource);
      } else if (r < 0.25) {
        const [size, perDay] = rnd.pick(CPU_SIZES);
        compute += perDay;
        resources.push({ id: `/subscriptions/${sub}/resourceGroups/${rgs[2]}/providers/Microsoft.Compute/virtualMachines/vm-${name}`, name: `vm-${name}`, type: "Microsoft.Compute/virtualMachines", location: region, tags, systemData, properties: { hardwareProfile: { vmSize: size }, provisioningState: "Succeeded", extended: { instanceView: { powerState: { code: "PowerState/running" } } } } } as ArmResource);
      } else {
        const [type, prefix, perDay] = rnd.pick(ORDINARY);
        other += perDay;
        resources.push({ id: `/subscriptions/${sub}/resourceGroups/${rgs[1 + (k & 1)]}/providers/${type}/${prefix}${name.replace(/-/g, "")}`, name: `${prefix}${name.replace(/-/g, "")}`, type, location: region, tags, systemData, properties: shared } as ArmResource);
      }
    }
    if (gpuCores > 0 && arch !== "decommissioned") {
      const limit = Math.ceil((gpuCores * (rnd.chance(0.3) ? 6 : 1.5)) / 24) * 24;
      // Quota is per family; the synthetic estate books all GPU cores on the A100 family.
      quotaLimits.push({ subscriptionId: sub, location: region, family: "standardNCADSA100v4Family", limit });
      allocations.push({ subscriptionId: sub, location: region, family: "standardNCADSA100v4Family", limit });
    }
    if (arch !== "decommissioned" && rnd.chance(0.9)) {
      const monthly = (compute + other) * 30;
      budgets.push({ id: `/subscriptions/${sub}/providers/Microsoft.Consumption/budgets/budget-${i}`, name: `budget-${i}`, type: "Microsoft.Consumption/budgets", properties: { category: "Cost", amount: Math.max(100, Math.round(monthly * (0.8 + rnd.next()))), timeGrain: "Monthly", timePeriod: { startDate: `${iso(now.getTime()).slice(0, 7)}-01T00:00:00Z` }, notifications: {} } } as ArmResource);
    }
    spend.push({ sub, compute, other, location: region, computeRg: rgs[0]!, dataRg: rgs[1]! });
  }

  const costRecords: CostRecord[] = [];
  const noTags: Record<string, string> = {};
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (let d = costDays; d >= 1; d--) {
    const date = iso(today - d * DAY).slice(0, 10);
    for (const s of spend) {
      if (s.compute > 0) costRecords.push({ date, subscriptionId: s.sub, resourceGroup: s.computeRg, resourceId: "", resourceType: "Microsoft.Compute/virtualMachines", location: s.location, meterCategory: "Virtual Machines", tags: noTags, cost: Math.round(s.compute * (0.85 + 0.3 * rnd.next()) * 100) / 100, currency: "USD" });
      if (s.other > 0) costRecords.push({ date, subscriptionId: s.sub, resourceGroup: s.dataRg, resourceId: "", resourceType: "Microsoft.Storage/storageAccounts", location: s.location, meterCategory: "Storage", tags: noTags, cost: Math.round(s.other * (0.85 + 0.3 * rnd.next()) * 100) / 100, currency: "USD" });
    }
  }

  const groupLimits = new Map<string, number>();
  for (const a of allocations) groupLimits.set(a.location, (groupLimits.get(a.location) ?? 0) + a.limit);
  return {
    version: 1,
    tenantId: DEFAULT_TENANT_ID,
    managementGroups,
    subscriptions,
    resourceGroups,
    resources,
    principals: [{ objectId: "5a1e0000-0000-4000-8000-00000000b001", type: "ServicePrincipal", displayName: "ailz-pipeline", appId: PIPELINE_APP_ID }],
    costRecords,
    quotaLimits,
    quotaGroups: [{ managementGroupId: "alz", name: "gpu-pool", displayName: "Synthetic GPU pool", limits: [...groupLimits].map(([location, limit]) => ({ location, family: "standardNCADSA100v4Family", limit: Math.ceil(limit * 1.2) })), allocations }],
    budgets,
  };
}

/** Writes an estate in the emulator's streaming layout (`startEmulator({ estate: file })` reads it). */
export async function writeGeneratedEstate(file: string, estate: GeneratedEstate): Promise<void> {
  const { resources, ...header } = estate;
  await writeEstateFile(file, header, resources);
}

function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(argv: string[]): Promise<void> {
  const num = (name: string, fallback?: number) => {
    const raw = argValue(argv, name);
    if (raw === undefined) {
      if (fallback === undefined) throw new Error(`--${name} is required`);
      return fallback;
    }
    const v = Number(raw);
    if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a non-negative integer, got '${raw}'`);
    return v;
  };
  const out = argValue(argv, "out");
  if (!out) throw new Error("--out <file> is required");
  const started = Date.now();
  const nowArg = argValue(argv, "now");
  const estate = generateEstate({ subscriptions: num("subscriptions"), resources: num("resources"), seed: num("seed", 1), costDays: num("cost-days", 45), now: nowArg ? new Date(nowArg) : undefined });
  await writeGeneratedEstate(path.resolve(out), estate);
  process.stdout.write(`${JSON.stringify({ out: path.resolve(out), subscriptions: estate.subscriptions!.length, resources: estate.resources.length, costRecords: estate.costRecords.length, ms: Date.now() - started, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`generate: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
