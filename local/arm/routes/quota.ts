import { z } from "zod";
import type { Emulator } from "../Emulator";
import type { EmuRequest, EmuResponse, Router } from "../types";
import { computeUsage, familyUsage } from "../state/computeUsage";
import { familyDisplayName, REGIONAL_CORES } from "../state/vmSkus";
import { allocation, allocationsOf, findGroup, groupAvailable, groupLimit, groupMembers, limitsFor, setSubscriptionLimit, subscriptionLimit } from "../state/quotaLimits";
import { subscriptionsUnderGroup } from "../state/costScope";
import type { QuotaGroup } from "../state/schemas";

// Microsoft.Quota for Microsoft.Compute per region (usages, quotas, limit requests) and quota
// groups at management-group scope (membership, group limits, subscription allocations).
// Usage comes from the VMs in the estate (deallocated VMs count). A subscription's limit for a
// family it holds through a quota group is its allocation: changing the allocation changes the
// limit. Limit requests on the subscription path only raise (Azure does not lower compute quota
// that way; quota goes back through a group allocation). Error codes for refused allocations
// are the emulator's own (Azure documents the rules, not the codes): QuotaAllocationBelowUsage,
// GroupQuotaExceeded, SubscriptionNotInGroupQuota.

const COMPUTE = "/subscriptions/{subscriptionId}/providers/Microsoft.Compute/locations/{location}/providers/Microsoft.Quota";
const GROUP = "/providers/Microsoft.Management/managementGroups/{managementGroupId}/providers/Microsoft.Quota/groupQuotas/{groupQuotaName}";
const ALLOCATION =
  "/providers/Microsoft.Management/managementGroups/{managementGroupId}/subscriptions/{subscriptionId}/providers/Microsoft.Quota/groupQuotas/{groupQuotaName}/resourceProviders/{resourceProviderName}/quotaAllocations/{location}";

const name = (family: string) => ({ value: family, localizedValue: familyDisplayName(family) });

function requireSubscription(req: EmuRequest, emu: Emulator): EmuResponse | undefined {
  if (!emu.state.getSubscription(req.params.subscriptionId!)) {
    return emu.armError(404, "SubscriptionNotFound", `The subscription '${req.params.subscriptionId}' could not be found.`);
  }
  return undefined;
}

function scopeId(req: EmuRequest): string {
  return `/subscriptions/${req.params.subscriptionId}/providers/Microsoft.Compute/locations/${req.params.location}`;
}

/** Families to report: every family with a limit plus every family in use. */
function families(req: EmuRequest, emu: Emulator): Array<{ family: string; limit: number; usage: number }> {
  const { subscriptionId, location } = req.params as { subscriptionId: string; location: string };
  const usage = computeUsage(emu.state, subscriptionId, location);
  const out = new Map<string, { family: string; limit: number; usage: number }>();
  for (const l of limitsFor(emu.state, subscriptionId, location)) out.set(l.family.toLowerCase(), { family: l.family, limit: l.limit, usage: 0 });
  const inUse = [...usage.byFamily.values(), ...(usage.totalVCPUs > 0 ? [{ family: REGIONAL_CORES.family, vCPUs: usage.totalVCPUs }] : [])];
  for (const u of inUse) {
    const e = out.get(u.family.toLowerCase());
    if (e) e.usage = u.vCPUs;
    else out.set(u.family.toLowerCase(), { family: u.family, limit: 0, usage: u.vCPUs });
  }
  return [...out.values()].sort((a, b) => a.family.localeCompare(b.family));
}

function usageDoc(req: EmuRequest, f: { family: string; usage: number }) {
  return {
    id: `${scopeId(req)}/providers/Microsoft.Quota/usages/${f.family}`,
    type: "Microsoft.Quota/Usages",
    name: f.family,
    properties: { usages: { usagesType: "Individual", value: f.usage }, unit: "Count", isQuotaApplicable: true, name: name(f.family) },
  };
}

function quotaDoc(req: EmuRequest, f: { family: string; limit: number }, provisioningState?: string) {
  return {
    id: `${scopeId(req)}/providers/Microsoft.Quota/quotas/${f.family}`,
    type: "Microsoft.Quota/Quotas",
    name: f.family,
    properties: {
      limit: { limitObjectType: "LimitValue", value: f.limit, limitType: "Independent" },
      unit: "Count",
      name: name(f.family),
      isQuotaApplicable: true,
      ...(provisioningState ? { provisioningState } : {}),
    },
  };
}

const quotaRequestBody = z.object({
  properties: z.object({
    limit: z.object({ value: z.number().int().nonnegative(), limitObjectType: z.string().optional() }),
    name: z.object({ value: z.string().optional() }).optional(),
  }),
});

function putQuota(req: EmuRequest, emu: Emulator): EmuResponse {
  const missing = requireSubscription(req, emu);
  if (missing) return missing;
  const parsed = quotaRequestBody.safeParse(req.body);
  if (!parsed.success) return emu.armError(400, "InvalidRequestContent", `Invalid quota request: '${parsed.error.issues[0]!.path.join(".")}' ${parsed.error.issues[0]!.message}.`);
  const { subscriptionId, location, resourceName } = req.params as Record<string, string>;
  const requested = parsed.data.properties.limit.value;
  const current = subscriptionLimit(emu.state, subscriptionId, location, resourceName);
  const used = familyUsage(emu.state, subscriptionId, location, resourceName);
  if (requested < used) {
    return emu.armError(400, "QuotaReductionBelowUsage", `The requested limit ${requested} for ${resourceName} is below the current usage ${used}.`);
  }
  if (requested < current) {
    return emu.armError(400, "QuotaReductionNotSupported", `Decreasing the ${resourceName} limit from ${current} to ${requested} is not supported; return unused quota through a quota group allocation.`);
  }
  setSubscriptionLimit(emu.state, subscriptionId, location, resourceName, requested);
  return { status: 200, body: quotaDoc(req, { family: resourceName, limit: requested }, "Succeeded") };
}

// ---- quota groups ----

function groupOr404(req: EmuRequest, emu: Emulator): QuotaGroup | EmuResponse {
  const g = findGroup(emu.state, req.params.managementGroupId!, req.params.groupQuotaName!);
  return g ?? emu.armError(404, "ResourceNotFound", `The group quota '${req.params.groupQuotaName}' was not found under management group '${req.params.managementGroupId}'.`);
}

function groupId(g: QuotaGroup): string {
  return `/providers/Microsoft.Management/managementGroups/${g.managementGroupId}/providers/Microsoft.Quota/groupQuotas/${g.name}`;
}

function groupDoc(g: QuotaGroup) {
  return { id: groupId(g), name: g.name, type: "Microsoft.Quota/groupQuotas", properties: { displayName: g.displayName, provisioningState: "Succeeded" } };
}

function memberDoc(g: QuotaGroup, subscriptionId: string) {
  return {
    id: `${groupId(g)}/subscriptions/${subscriptionId}`,
    name: subscriptionId,
    type: "Microsoft.Quota/groupQuotas/subscriptions",
    properties: { subscriptionId, provisioningState: "Succeeded" },
  };
}

function isMember(g: QuotaGroup, subscriptionId: string): boolean {
  return groupMembers(g).some((s) => s.toLowerCase() === subscriptionId.toLowerCase());
}

function putGroup(req: EmuRequest, emu: Emulator): EmuResponse {
  if (!emu.state.managementGroups.has(req.params.managementGroupId!.toLowerCase())) {
    return emu.armError(404, "ManagementGroupNotFound", `Management group '${req.params.managementGroupId}' was not found.`);
  }
  const displayName = typeof req.body?.properties?.displayName === "string" ? req.body.properties.displayName : req.params.groupQuotaName!;
  let g = findGroup(emu.state, req.params.managementGroupId!, req.params.groupQuotaName!);
  const created = !g;
  if (g) g.displayName = displayName;
  else emu.state.quotaGroups.push((g = { managementGroupId: req.params.managementGroupId!, name: req.params.groupQuotaName!, displayName, limits: [], allocations: [] }));
  return { status: created ? 201 : 200, body: groupDoc(g) };
}

/**
 * Adds a subscription to the group. Membership is recorded as zero allocations for the group's
 * families (the estate keeps groups as limits + allocations), so a member always shows up.
 */
function putMember(req: EmuRequest, emu: Emulator): EmuResponse {
  const g = groupOr404(req, emu);
  if ("status" in g) return g;
  const sub = req.params.subscriptionId!;
  if (!emu.state.getSubscription(sub)) return emu.armError(404, "SubscriptionNotFound", `The subscription '${sub}' could not be found.`);
  if (!subscriptionsUnderGroup(emu.state, g.managementGroupId).has(sub.toLowerCase())) {
    return emu.armError(400, "SubscriptionNotInManagementGroup", `Subscription '${sub}' is not under management group '${g.managementGroupId}'.`);
  }
  if (!isMember(g, sub)) {
    const keys = g.limits.length ? g.limits : [{ location: "global", family: "cores", limit: 0 }];
    for (const l of keys) g.allocations.push({ subscriptionId: sub, location: l.location, family: l.family, limit: 0 });
  }
  return { status: 200, body: memberDoc(g, sub) };
}

function deleteMember(req: EmuRequest, emu: Emulator): EmuResponse {
  const g = groupOr404(req, emu);
  if ("status" in g) return g;
  const sub = req.params.subscriptionId!.toLowerCase();
  if (g.allocations.some((a) => a.subscriptionId.toLowerCase() === sub && a.limit > 0)) {
    return emu.armError(400, "SubscriptionHasAllocatedQuota", `Subscription '${req.params.subscriptionId}' still holds quota from group '${g.name}'; set its allocations to 0 first.`);
  }
  g.allocations = g.allocations.filter((a) => a.subscriptionId.toLowerCase() !== sub);
  return { status: 200 };
}

function groupLimitsDoc(req: EmuRequest, g: QuotaGroup) {
  const location = req.params.location!;
  const rows = g.limits.filter((l) => l.location.toLowerCase() === location.toLowerCase());
  return {
    id: `${groupId(g)}/resourceProviders/${req.params.resourceProviderName}/groupQuotaLimits/${location}`,
    name: location,
    type: "Microsoft.Quota/groupQuotas/groupQuotaLimits",
    properties: {
      provisioningState: "Succeeded",
      value: rows.map((l) => ({
        properties: {
          limit: l.limit,
          resourceName: l.family,
          name: name(l.family),
          unit: "count",
          availableLimit: groupAvailable(g, location, l.family),
          allocatedToSubscriptions: {
            value: allocationsOf(g, location, l.family).map((a) => ({ subscriptionId: a.subscriptionId, quotaAllocated: a.limit })),
          },
        },
      })),
    },
  };
}

function allocationsDoc(req: EmuRequest, emu: Emulator, g: QuotaGroup) {
  const { subscriptionId, location } = req.params as Record<string, string>;
  const rows = g.allocations.filter((a) => a.subscriptionId.toLowerCase() === subscriptionId.toLowerCase() && a.location.toLowerCase() === location.toLowerCase());
  return {
    id: `/providers/Microsoft.Management/managementGroups/${g.managementGroupId}/subscriptions/${subscriptionId}/providers/Microsoft.Quota/groupQuotas/${g.name}/resourceProviders/${req.params.resourceProviderName}/quotaAllocations/${location}`,
    name: location,
    type: "Microsoft.Quota/groupQuotas/quotaAllocations",
    properties: {
      provisioningState: "Succeeded",
      value: rows.map((a) => ({
        properties: {
          resourceName: a.family,
          limit: a.limit,
          shareableQuota: Math.max(0, a.limit - familyUsage(emu.state, subscriptionId, location, a.family)),
          name: name(a.family),
        },
      })),
    },
  };
}

const allocationBody = z.object({
  properties: z.object({
    value: z
      .array(z.object({ properties: z.object({ resourceName: z.string().min(1), limit: z.number().int().nonnegative() }) }))
      .min(1),
  }),
});

/**
 * Raises or lowers a subscription's allocations, all or nothing: each new limit must cover the
 * subscription's current usage, and the sum of increases must fit in the group's free quota.
 */
function patchAllocation(req: EmuRequest, emu: Emulator): EmuResponse {
  const g = groupOr404(req, emu);
  if ("status" in g) return g;
  const { subscriptionId, location } = req.params as Record<string, string>;
  if (req.params.resourceProviderName!.toLowerCase() !== "microsoft.compute") {
    return emu.armError(400, "ResourceProviderNotSupported", `Resource provider '${req.params.resourceProviderName}' is not supported; use Microsoft.Compute.`);
  }
  if (!isMember(g, subscriptionId)) {
    return emu.armError(400, "SubscriptionNotInGroupQuota", `Subscription '${subscriptionId}' is not a member of group quota '${g.name}'. Add it to the group first.`);
  }
  const parsed = allocationBody.safeParse(req.body);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    return emu.armError(400, "InvalidRequestContent", `Invalid allocation request: '${i.path.join(".")}' ${i.message}.`);
  }
  const requests = parsed.data.properties.value.map((v) => v.properties);
  const extraByFamily = new Map<string, number>();
  for (const r of requests) {
    const current = allocation(g, subscriptionId, location, r.resourceName)?.limit ?? 0;
    const used = familyUsage(emu.state, subscriptionId, location, r.resourceName);
    if (r.limit < used) {
      return emu.armError(
        400,
        "QuotaAllocationBelowUsage",
        `The requested allocation ${r.limit} for ${r.resourceName} in ${location} is below the subscription's current usage of ${used}. Only unused quota can be returned to the group.`,
      );
    }
    const key = r.resourceName.toLowerCase();
    extraByFamily.set(key, (extraByFamily.get(key) ?? 0) + (r.limit - current));
  }
  for (const r of requests) {
    const extra = extraByFamily.get(r.resourceName.toLowerCase())!;
    if (extra <= 0) continue;
    if (groupLimit(g, location, r.resourceName) === 0) {
      return emu.armError(400, "GroupQuotaExceeded", `Group quota '${g.name}' has no ${r.resourceName} quota in ${location}.`);
    }
    const free = groupAvailable(g, location, r.resourceName);
    if (extra > free) {
      return emu.armError(
        400,
        "GroupQuotaExceeded",
        `The requested increase of ${extra} ${r.resourceName} vCPUs in ${location} exceeds the ${free} available in group quota '${g.name}'.`,
      );
    }
  }
  for (const r of requests) {
    const existing = allocation(g, subscriptionId, location, r.resourceName);
    if (existing) existing.limit = r.limit;
    else g.allocations.push({ subscriptionId, location, family: r.resourceName, limit: r.limit });
    setSubscriptionLimit(emu.state, subscriptionId, location, r.resourceName, r.limit);
  }
  return { status: 200, body: allocationsDoc(req, emu, g) };
}

export function register(router: Router): void {
  router.add("GET", `${COMPUTE}/usages`, (req, emu) => requireSubscription(req, emu) ?? { status: 200, body: emu.page(req, families(req, emu).map((f) => usageDoc(req, f))) }, {
    kind: "read",
    rbacAction: "Microsoft.Quota/usages/read",
  });
  router.add(
    "GET",
    `${COMPUTE}/usages/{resourceName}`,
    (req, emu) => {
      const missing = requireSubscription(req, emu);
      if (missing) return missing;
      const family = req.params.resourceName!;
      return { status: 200, body: usageDoc(req, { family, usage: familyUsage(emu.state, req.params.subscriptionId!, req.params.location!, family) }) };
    },
    { kind: "read", rbacAction: "Microsoft.Quota/usages/read" },
  );
  router.add("GET", `${COMPUTE}/quotas`, (req, emu) => requireSubscription(req, emu) ?? { status: 200, body: emu.page(req, families(req, emu).map((f) => quotaDoc(req, f))) }, {
    kind: "read",
    rbacAction: "Microsoft.Quota/quotas/read",
  });
  router.add(
    "GET",
    `${COMPUTE}/quotas/{resourceName}`,
    (req, emu) => {
      const missing = requireSubscription(req, emu);
      if (missing) return missing;
      const family = req.params.resourceName!;
      return { status: 200, body: quotaDoc(req, { family, limit: subscriptionLimit(emu.state, req.params.subscriptionId!, req.params.location!, family) }) };
    },
    { kind: "read", rbacAction: "Microsoft.Quota/quotas/read" },
  );
  for (const method of ["PUT", "PATCH"]) {
    router.add(method, `${COMPUTE}/quotas/{resourceName}`, putQuota, { kind: "write", rbacAction: "Microsoft.Quota/quotas/write", eventResource: () => undefined });
  }

  const mgBase = "/providers/Microsoft.Management/managementGroups/{managementGroupId}/providers/Microsoft.Quota/groupQuotas";
  router.add(
    "GET",
    mgBase,
    (req, emu) => ({
      status: 200,
      body: emu.page(req, emu.state.quotaGroups.filter((g) => g.managementGroupId.toLowerCase() === req.params.managementGroupId!.toLowerCase()).map(groupDoc)),
    }),
    { kind: "read", rbacAction: "Microsoft.Quota/groupQuotas/read" },
  );
  router.add("GET", GROUP, (req, emu) => {
    const g = groupOr404(req, emu);
    return "status" in g ? g : { status: 200, body: groupDoc(g) };
  }, { kind: "read", rbacAction: "Microsoft.Quota/groupQuotas/read" });
  router.add("PUT", GROUP, putGroup, { kind: "write", rbacAction: "Microsoft.Quota/groupQuotas/write", eventResource: () => undefined });
  router.add("GET", `${GROUP}/subscriptions`, (req, emu) => {
    const g = groupOr404(req, emu);
    return "status" in g ? g : { status: 200, body: emu.page(req, groupMembers(g).map((s) => memberDoc(g, s))) };
  }, { kind: "read", rbacAction: "Microsoft.Quota/groupQuotas/subscriptions/read" });
  router.add("GET", `${GROUP}/subscriptions/{subscriptionId}`, (req, emu) => {
    const g = groupOr404(req, emu);
    if ("status" in g) return g;
    if (!isMember(g, req.params.subscriptionId!)) return emu.armError(404, "ResourceNotFound", `Subscription '${req.params.subscriptionId}' is not a member of group quota '${g.name}'.`);
    return { status: 200, body: memberDoc(g, req.params.subscriptionId!) };
  }, { kind: "read", rbacAction: "Microsoft.Quota/groupQuotas/subscriptions/read" });
  for (const method of ["PUT", "PATCH"]) {
    router.add(method, `${GROUP}/subscriptions/{subscriptionId}`, putMember, { kind: "write", rbacAction: "Microsoft.Quota/groupQuotas/subscriptions/write", eventResource: () => undefined });
  }
  router.add("DELETE", `${GROUP}/subscriptions/{subscriptionId}`, deleteMember, { kind: "delete", rbacAction: "Microsoft.Quota/groupQuotas/subscriptions/delete", eventResource: () => undefined });
  router.add("GET", `${GROUP}/resourceProviders/{resourceProviderName}/groupQuotaLimits/{location}`, (req, emu) => {
    const g = groupOr404(req, emu);
    return "status" in g ? g : { status: 200, body: groupLimitsDoc(req, g) };
  }, { kind: "read", rbacAction: "Microsoft.Quota/groupQuotas/groupQuotaLimits/read" });
  router.add("GET", ALLOCATION, (req, emu) => {
    const g = groupOr404(req, emu);
    return "status" in g ? g : { status: 200, body: allocationsDoc(req, emu, g) };
  }, { kind: "read", rbacAction: "Microsoft.Quota/groupQuotas/quotaAllocations/read" });
  router.add("PATCH", ALLOCATION, patchAllocation, {
    kind: "write",
    rbacAction: "Microsoft.Quota/groupQuotas/quotaAllocations/write",
    eventResource: () => undefined,
  });
}
