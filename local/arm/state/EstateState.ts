import { ArmResource, EmulatorSettings, type AccrualSettings, EstateJson, type Alias, type CostRecord, type EstateJsonParsed, type ManagementGroup, type Principal, type QuotaGroup, type QuotaLimit, type Subscription, type WorkloadProfile } from "./schemas";
import { normalizeId, subscriptionOf } from "./resourceIds";
import { BudgetMap } from "./BudgetMap";
import type { ResourceChange } from "./ResourceChange";
import { ResourceIndex, startsWithLower } from "./ResourceIndex";

/**
 * The checks of the ArmResource schema, without allocating: zod's parse copies every document,
 * which for a million resources costs seconds and doubles peak memory.
 */
function resourceProblem(r: unknown): string | undefined {
  if (!r || typeof r !== "object" || Array.isArray(r)) return "not an object";
  const o = r as Record<string, unknown>;
  for (const f of ["id", "name", "type"]) if (typeof o[f] !== "string" || o[f] === "") return `${f} must be a non-empty string`;
  if (o.location !== undefined && typeof o.location !== "string") return "location must be a string";
  if (o.kind !== undefined && typeof o.kind !== "string") return "kind must be a string";
  if (o.tags !== undefined) {
    if (!o.tags || typeof o.tags !== "object" || Array.isArray(o.tags)) return "tags must be an object";
    for (const v of Object.values(o.tags)) if (typeof v !== "string") return "tags values must be strings";
  }
  if (o.properties !== undefined && (!o.properties || typeof o.properties !== "object" || Array.isArray(o.properties))) return "properties must be an object";
  return undefined;
}

const EVENT_SUBSCRIPTION_TYPE = "microsoft.eventgrid/systemtopics/eventsubscriptions";

/**
 * The emulated estate. Maps are keyed by lower-cased ids (ARM ids are case-insensitive);
 * values are the plain ARM documents. Resources are also indexed by subscription so that
 * list-by-subscription and per-subscription queries do not scan a million entries.
 */
export class EstateState {
  tenantId: string;
  rootManagementGroupId: string;
  settings: EmulatorSettings;
  /** Tracked, proxy and child resources under a `providers/` segment, by id (case-insensitive). */
  readonly resources = new ResourceIndex();
  /** Lower-cased subscription id -> the resources in it. */
  readonly bySubscription = new Map<string, Set<ArmResource>>();
  readonly subscriptions = new Map<string, Subscription>();
  readonly managementGroups = new Map<string, ManagementGroup>();
  /** Resource groups (ARM documents, type Microsoft.Resources/resourceGroups), by lower-cased id. */
  readonly resourceGroups = new Map<string, ArmResource>();
  readonly principals = new Map<string, Principal>();
  readonly roleAssignments = new Map<string, ArmResource>();
  /** Custom role definitions by role definition GUID (lower case). */
  readonly roleDefinitions = new Map<string, ArmResource>();
  readonly locks = new Map<string, ArmResource>();
  /** Diagnostic settings by lower-cased setting id (`{resource}/providers/microsoft.insights/diagnosticsettings/{name}`). */
  readonly diagnosticSettings = new Map<string, ArmResource>();
  readonly aliases = new Map<string, Alias>();
  /** Lower-cased ids of Event Grid event subscriptions (looked up on every emitted event). */
  readonly eventSubscriptionIds = new Set<string>();
  costRecords: CostRecord[] = [];
  /** Change records in write order (oldest first), pruned to Resource Graph's retention as they are added. */
  resourceChanges: ResourceChange[] = [];
  quotaLimits: QuotaLimit[] = [];
  quotaGroups: QuotaGroup[] = [];
  /** Budgets (Microsoft.Consumption/budgets documents), by lower-cased id. */
  readonly budgets = new BudgetMap();
  /** Workload profiles (what the metrics show), by lower-cased resource id. */
  readonly workloads = new Map<string, WorkloadProfile>();
  /** Cost accrual progress (see local/arm/accrual); undefined until first resolved. */
  accrual?: AccrualSettings;

  constructor(estate: EstateJson = {}) {
    // Resources are validated one by one and the caller's objects kept as they are: parsing
    // returns copies, and a million copied documents would double the memory of a large estate.
    const { resources = [], ...header } = estate;
    const e = EstateJson.omit({ resources: true }).parse(header);
    this.tenantId = e.tenantId;
    this.rootManagementGroupId = e.rootManagementGroupId ?? e.tenantId;
    this.settings = EmulatorSettings.parse(e.settings ?? {});
    this.managementGroups.set(this.rootManagementGroupId.toLowerCase(), { name: this.rootManagementGroupId, displayName: "Tenant Root Group" });
    for (const mg of e.managementGroups) this.managementGroups.set(mg.name.toLowerCase(), mg);
    for (const s of e.subscriptions) this.subscriptions.set(s.subscriptionId.toLowerCase(), s);
    for (const rg of e.resourceGroups) this.resourceGroups.set(normalizeId(rg.id), rg);
    if (!Array.isArray(resources)) throw new Error("estate.resources must be an array");
    resources.forEach((r, i) => {
      const problem = resourceProblem(r);
      if (problem) {
        // Only a failing document pays for zod's detailed report.
        const checked = ArmResource.safeParse(r);
        const detail = checked.success ? problem : checked.error.issues.map((x) => `${x.path.join(".")} ${x.message}`).join("; ");
        throw new Error(`estate.resources[${i}]: ${detail}`);
      }
      this.putResource(r as ArmResource);
    });
    for (const p of e.principals) this.principals.set(p.objectId.toLowerCase(), p);
    for (const ra of e.roleAssignments) this.roleAssignments.set(normalizeId(ra.id), ra);
    for (const rd of e.roleDefinitions) this.roleDefinitions.set(rd.name.toLowerCase(), rd);
    for (const l of e.locks) this.locks.set(normalizeId(l.id), l);
    for (const d of e.diagnosticSettings) this.diagnosticSettings.set(normalizeId(d.id), d);
    for (const a of e.aliases) this.aliases.set(a.name.toLowerCase(), a);
    for (const b of e.budgets) this.budgets.set(normalizeId(b.id), b);
    for (const w of e.workloads) this.workloads.set(normalizeId(w.resourceId), w);
    this.costRecords = e.costRecords;
    this.resourceChanges = e.resourceChanges;
    this.quotaLimits = e.quotaLimits;
    this.quotaGroups = e.quotaGroups;
    this.accrual = e.accrual;
  }

  getResource(id: string): ArmResource | undefined {
    return this.resources.get(id);
  }

  putResource(doc: ArmResource): void {
    const replaced = this.resources.set(doc);
    const sub = (subscriptionOf(doc.id) ?? "").toLowerCase();
    let set = this.bySubscription.get(sub);
    if (!set) this.bySubscription.set(sub, (set = new Set()));
    if (replaced) set.delete(replaced);
    set.add(doc);
    if (doc.type.toLowerCase() === EVENT_SUBSCRIPTION_TYPE) this.eventSubscriptionIds.add(normalizeId(doc.id));
  }

  /** Deletes the resource and its child resources; returns the deleted documents. */
  deleteResource(id: string): ArmResource[] {
    const removed: ArmResource[] = [];
    const sub = (subscriptionOf(id) ?? "").toLowerCase();
    const set = this.bySubscription.get(sub);
    const prefix = normalizeId(id) + "/";
    const target = this.resources.get(id);
    const victims = [...(target ? [target] : []), ...(set ? [...set].filter((d) => startsWithLower(d.id, prefix)) : [])];
    for (const doc of victims) {
      if (!this.resources.delete(doc.id)) continue;
      set?.delete(doc);
      this.eventSubscriptionIds.delete(normalizeId(doc.id));
      removed.push(doc);
    }
    return removed;
  }

  /** Resources (any depth) whose id starts with `scopeId/` (a subscription, group or resource). */
  *resourcesUnder(scopeId: string): Iterable<ArmResource> {
    const set = this.bySubscription.get((subscriptionOf(scopeId) ?? "").toLowerCase());
    if (!set) return;
    const prefix = normalizeId(scopeId) + "/";
    for (const d of set) if (startsWithLower(d.id, prefix)) yield d;
  }

  *resourcesInSubscription(subscriptionId: string): Iterable<ArmResource> {
    const set = this.bySubscription.get(subscriptionId.toLowerCase());
    if (set) yield* set;
  }

  getSubscription(subscriptionId: string): Subscription | undefined {
    return this.subscriptions.get(subscriptionId.toLowerCase());
  }

  getResourceGroup(subscriptionId: string, name: string): ArmResource | undefined {
    return this.resourceGroups.get(`/subscriptions/${subscriptionId}/resourcegroups/${name}`.toLowerCase());
  }

  /** Parent management group name of a subscription (the root group when unset). */
  parentOfSubscription(sub: Subscription): string {
    return sub.managementGroupId ?? this.rootManagementGroupId;
  }

  /** The chain of management group names from the group up to the root, starting with `name`. */
  ancestorsOfGroup(name: string): string[] {
    const chain: string[] = [];
    let cur: ManagementGroup | undefined = this.managementGroups.get(name.toLowerCase());
    while (cur && chain.length < 16) {
      chain.push(cur.name);
      cur = cur.parent ? this.managementGroups.get(cur.parent.toLowerCase()) : undefined;
    }
    return chain;
  }

  /** Serialisable form; the estate file's `resources` array is streamed separately for size. */
  toJsonHeader(): Omit<EstateJsonParsed, "resources"> {
    const root = this.rootManagementGroupId.toLowerCase();
    return {
      version: 1,
      tenantId: this.tenantId,
      rootManagementGroupId: this.rootManagementGroupId,
      settings: this.settings,
      managementGroups: [...this.managementGroups.entries()].filter(([k]) => k !== root).map(([, v]) => v),
      subscriptions: [...this.subscriptions.values()],
      resourceGroups: [...this.resourceGroups.values()],
      principals: [...this.principals.values()],
      roleAssignments: [...this.roleAssignments.values()],
      roleDefinitions: [...this.roleDefinitions.values()],
      locks: [...this.locks.values()],
      diagnosticSettings: [...this.diagnosticSettings.values()],
      aliases: [...this.aliases.values()],
      costRecords: this.costRecords,
      quotaLimits: this.quotaLimits,
      quotaGroups: this.quotaGroups,
      budgets: [...this.budgets.values()],
      workloads: [...this.workloads.values()],
      resourceChanges: this.resourceChanges,
      ...(this.accrual ? { accrual: this.accrual } : {}),
    };
  }

  toJson(): EstateJsonParsed {
    return { ...this.toJsonHeader(), resources: [...this.resources.values()] };
  }
}
