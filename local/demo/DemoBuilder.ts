import type { ArmResource, CostRecord, WorkloadProfile } from "../arm/state/schemas";
import type { Prng } from "../estate/prng";
import { DEMO_TENANT_ID, PIPELINE, resId, subId, user, type DemoSubscription } from "./demoIds";
import { DAILY, vmDailyPrice } from "./prices";

export const DAY_MS = 86_400_000;
export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Who created a resource: the approved pipeline (an Application in systemData) or a person. */
export type Creator = { pipeline: true } | { user: string };
export const BY_PIPELINE: Creator = { pipeline: true };
export const byUser = (key: string): Creator => ({ user: key });

/** A resource's spend: `perDay` (before daily noise) from its creation until `untilMs` (exclusive). */
export interface CostPlan {
  meter: string;
  perDay: number;
  untilMs?: number;
}

export interface AddOptions {
  location?: string;
  kind?: string;
  sku?: Record<string, unknown>;
  /** Resource tags; defaults to the subscription's workload tags. `null` for none. */
  tags?: Record<string, string> | null;
  properties?: Record<string, unknown>;
  identity?: Record<string, unknown>;
  by: Creator;
  createdDaysAgo: number;
  /** Last change (defaults to creation). */
  modifiedDaysAgo?: number;
  /** Spend; defaults to the type's daily price when it has one. `false`: free. */
  cost?: CostPlan[] | false;
}

/**
 * Accumulates the demo estate: resources with systemData and tags, resource groups, and the
 * cost plan of each resource, from which 45 days of daily cost records are derived.
 */
export class DemoBuilder {
  readonly resources: ArmResource[] = [];
  readonly resourceGroups = new Map<string, ArmResource>();
  /** How resources are used (the emulator's metrics follow it); a running resource without one is `steady`. */
  readonly workloads: WorkloadProfile[] = [];
  private readonly plans: Array<{ doc: ArmResource; subscriptionId: string; rg: string; createdMs: number; plans: CostPlan[] }> = [];
  private readonly ids = new Set<string>();

  constructor(readonly now: Date, readonly rnd: Prng) {}

  /** An instant `days` before now (fractions allowed). */
  ago(days: number): number {
    return this.now.getTime() - days * DAY_MS;
  }

  workloadTags(sub: DemoSubscription): Record<string, string> {
    if (!sub.vended) return {};
    return { owner: user(sub.owner).upn, "cost-center": sub.costCenter, project: sub.project, environment: sub.environment };
  }

  systemData(by: Creator, createdMs: number, modifiedMs: number): Record<string, string> {
    const who = "pipeline" in by ? { id: PIPELINE.appId, type: "Application" } : { id: user(by.user).upn, type: "User" };
    return {
      createdBy: who.id,
      createdByType: who.type,
      createdAt: new Date(createdMs).toISOString(),
      lastModifiedBy: who.id,
      lastModifiedByType: who.type,
      lastModifiedAt: new Date(modifiedMs).toISOString(),
    };
  }

  rg(sub: DemoSubscription, name: string, location = sub.region, tags: Record<string, string> | null = this.workloadTags(sub)): string {
    const id = `/subscriptions/${subId(sub.n)}/resourceGroups/${name}`;
    if (!this.resourceGroups.has(id.toLowerCase())) {
      this.resourceGroups.set(id.toLowerCase(), {
        id,
        name,
        type: "Microsoft.Resources/resourceGroups",
        location,
        ...(tags && Object.keys(tags).length ? { tags } : {}),
        properties: { provisioningState: "Succeeded" },
      });
    }
    return name;
  }

  /** Adds a tracked resource (ARM id built from the subscription, group, type and name). */
  add(sub: DemoSubscription, rg: string, type: string, name: string, o: AddOptions): ArmResource {
    this.rg(sub, rg, o.location ?? sub.region);
    const id = resId(sub.key, rg, type, name);
    const createdMs = this.ago(o.createdDaysAgo);
    const modifiedMs = this.ago(o.modifiedDaysAgo ?? o.createdDaysAgo);
    const tags = o.tags === null ? undefined : (o.tags ?? this.workloadTags(sub));
    const doc: ArmResource = {
      id,
      name,
      type,
      location: o.location ?? sub.region,
      ...(o.kind ? { kind: o.kind } : {}),
      ...(o.sku ? { sku: o.sku } : {}),
      ...(tags && Object.keys(tags).length ? { tags } : {}),
      ...(o.identity ? { identity: o.identity } : {}),
      properties: { provisioningState: "Succeeded", ...(o.properties ?? {}) },
      systemData: this.systemData(o.by, createdMs, modifiedMs),
    };
    this.push(doc);
    const plans = o.cost === false ? [] : (o.cost ?? (DAILY[type.toLowerCase()] ? [{ meter: DAILY[type.toLowerCase()]!.meter, perDay: DAILY[type.toLowerCase()]!.perDay }] : []));
    if (plans.length) this.plans.push({ doc, subscriptionId: subId(sub.n), rg, createdMs, plans });
    return doc;
  }

  /** A child or proxy resource (subnet, model deployment, agent pool, ML compute): no location, no tags. */
  child(parent: ArmResource, segment: string, type: string, name: string, body: { by: Creator; createdDaysAgo: number; properties?: Record<string, unknown>; sku?: Record<string, unknown> }): ArmResource {
    const createdMs = this.ago(body.createdDaysAgo);
    const doc: ArmResource = {
      id: `${parent.id}/${segment}/${name}`,
      name,
      type,
      ...(body.sku ? { sku: body.sku } : {}),
      properties: { provisioningState: "Succeeded", ...(body.properties ?? {}) },
      systemData: this.systemData(body.by, createdMs, createdMs),
    };
    this.push(doc);
    return doc;
  }

  private push(doc: ArmResource): void {
    const key = doc.id.toLowerCase();
    if (this.ids.has(key)) throw new Error(`demo estate: duplicate resource id ${doc.id}`);
    this.ids.add(key);
    this.resources.push(doc);
  }

  /** Marks how `doc` is used: what its Azure Monitor metrics will show. */
  workload(doc: ArmResource, pattern: WorkloadProfile["pattern"], o: { gpuMetrics?: boolean } = {}): void {
    this.workloads.push({ resourceId: doc.id, pattern, gpuMetrics: o.gpuMetrics ?? false });
  }

  identity(): Record<string, unknown> {
    return { type: "SystemAssigned", principalId: this.rnd.guid(), tenantId: DEMO_TENANT_ID };
  }

  /**
   * A VM with its NIC and OS disk (the way the portal and templates create them). `power` is
   * the current state; `deallocatedDaysAgo` makes it deallocated since then (compute stops
   * costing, the disk keeps costing and the VM keeps holding quota); `stoppedDaysAgo` makes it
   * stopped from the OS since then (not deallocated: compute keeps billing).
   */
  vm(sub: DemoSubscription, rg: string, name: string, size: string, o: { by: Creator; createdDaysAgo: number; deallocatedDaysAgo?: number; stoppedDaysAgo?: number; tags?: Record<string, string> | null; location?: string; subnetId?: string; identity?: boolean }): ArmResource {
    const location = o.location ?? sub.region;
    const gpu = /^Standard_N/i.test(size);
    const tags = o.tags === undefined ? this.workloadTags(sub) : o.tags;
    const common = { location, tags, by: o.by, createdDaysAgo: o.createdDaysAgo };
    const disk = this.add(sub, rg, "Microsoft.Compute/disks", `${name}-osdisk`, {
      ...common,
      sku: { name: "Premium_LRS", tier: "Premium" },
      properties: { diskSizeGB: gpu ? 1024 : 128, diskState: "Attached", osType: "Linux", creationData: { createOption: "FromImage" }, timeCreated: new Date(this.ago(o.createdDaysAgo)).toISOString() },
      cost: [{ meter: "Storage", perDay: gpu ? 4.52 : 0.66 }],
    });
    const nic = this.add(sub, rg, "Microsoft.Network/networkInterfaces", `${name}-nic`, {
      ...common,
      properties: {
        ipConfigurations: [{ name: "ipconfig1", properties: { privateIPAllocationMethod: "Dynamic", privateIPAddress: `10.${this.rnd.int(100, 250)}.${this.rnd.int(0, 255)}.${this.rnd.int(4, 250)}`, ...(o.subnetId ? { subnet: { id: o.subnetId } } : {}) } }],
        enableAcceleratedNetworking: true,
      },
      cost: false,
    });
    const deallocatedMs = o.deallocatedDaysAgo !== undefined ? this.ago(o.deallocatedDaysAgo) : undefined;
    const vm = this.add(sub, rg, "Microsoft.Compute/virtualMachines", name, {
      ...common,
      modifiedDaysAgo: o.deallocatedDaysAgo ?? o.stoppedDaysAgo ?? o.createdDaysAgo,
      ...(o.identity ? { identity: this.identity() } : {}),
      properties: {
        vmId: this.rnd.guid(),
        hardwareProfile: { vmSize: size },
        storageProfile: {
          imageReference: gpu ? { publisher: "microsoft-dsvm", offer: "ubuntu-hpc", sku: "2204", version: "latest" } : { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" },
          osDisk: { name: disk.name, osType: "Linux", createOption: "FromImage", managedDisk: { id: disk.id, storageAccountType: "Premium_LRS" } },
        },
        osProfile: { computerName: name, adminUsername: "azureuser", linuxConfiguration: { disablePasswordAuthentication: true } },
        networkProfile: { networkInterfaces: [{ id: nic.id }] },
        timeCreated: new Date(this.ago(o.createdDaysAgo)).toISOString(),
        extended: { instanceView: { powerState: { code: deallocatedMs !== undefined ? "PowerState/deallocated" : o.stoppedDaysAgo !== undefined ? "PowerState/stopped" : "PowerState/running" } } },
      },
      cost: [{ meter: "Virtual Machines", perDay: vmDailyPrice(size), untilMs: deallocatedMs }],
    });
    (nic.properties as Record<string, unknown>).virtualMachine = { id: vm.id };
    (disk as { managedBy?: string }).managedBy = vm.id;
    return vm;
  }

  /**
   * Daily cost records for the 45 days before `now` (cost data lags a day, so none for today):
   * one per resource, meter and day with spend, with ±15% daily noise.
   */
  costRecords(days = 45): CostRecord[] {
    const out: CostRecord[] = [];
    const today = Date.UTC(this.now.getUTCFullYear(), this.now.getUTCMonth(), this.now.getUTCDate());
    for (const p of this.plans) {
      const tags = p.doc.tags ?? {};
      for (let d = days; d >= 1; d--) {
        const dayStart = today - d * DAY_MS;
        const dayEnd = dayStart + DAY_MS;
        if (p.createdMs >= dayEnd) continue;
        for (const plan of p.plans) {
          const from = Math.max(p.createdMs, dayStart);
          const to = Math.min(plan.untilMs ?? dayEnd, dayEnd);
          if (to <= from || plan.perDay <= 0) continue;
          const cost = plan.perDay * ((to - from) / DAY_MS) * (0.85 + 0.3 * this.rnd.next());
          out.push({
            date: isoDay(dayStart),
            subscriptionId: p.subscriptionId,
            resourceGroup: p.rg,
            resourceId: p.doc.id,
            resourceType: p.doc.type,
            location: p.doc.location ?? "",
            meterCategory: plan.meter,
            tags,
            cost: Math.round(cost * 100) / 100,
            currency: "USD",
          });
        }
      }
    }
    return out;
  }
}
