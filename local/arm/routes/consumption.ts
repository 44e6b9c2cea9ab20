import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ensureAccrued } from "../accrual/installAccrual";
import type { Emulator } from "../Emulator";
import type { EmuRequest, EmuResponse, Router } from "../types";
import { addDays, daysBetweenInclusive, isoDay, monthEnd, monthStart } from "../state/costPeriod";
import { costRecordsOfSubscription } from "../state/costIndex";
import { recentDailyRate } from "../state/costForecast";
import { checkFilter, matchesFilter, round, type CostFilter } from "../state/costQuery";
import { parseCostScope, recordsInScope } from "../state/costScope";
import { normalizeId } from "../state/resourceIds";
import type { ArmResource } from "../state/schemas";

// Microsoft.Consumption budgets at subscription, resource group and management group scope.
// currentSpend is the actual cost of the current budget period up to yesterday (cost data lags
// a day); forecastSpend adds the last seven complete days' average for each day left in the period.
// A budget's `filter` (dimensions / tags with `In`, under `and`) narrows the spend it counts: a
// management-group budget filtered to `cost-center: [cc-2100]` budgets that cost center.

const MAX_NOTIFICATIONS = 5;

const notification = z.object({
  enabled: z.boolean(),
  operator: z.enum(["EqualTo", "GreaterThan", "GreaterThanOrEqualTo"]),
  threshold: z.number().min(0).max(1000),
  contactEmails: z.array(z.string()),
  contactRoles: z.array(z.string()).optional(),
  contactGroups: z.array(z.string()).optional(),
  thresholdType: z.enum(["Actual", "Forecasted"]).optional(),
  locale: z.string().optional(),
});

const budgetBody = z.object({
  eTag: z.string().optional(),
  properties: z.object({
    category: z.literal("Cost"),
    amount: z.number().positive(),
    timeGrain: z.enum(["Monthly", "Quarterly", "Annually", "BillingMonth", "BillingQuarter", "BillingAnnual"]),
    timePeriod: z.object({ startDate: z.string(), endDate: z.string().optional() }),
    filter: z.unknown().optional(),
    notifications: z.record(z.string(), notification).optional(),
  }),
});

function scopeOf(req: EmuRequest): string {
  return req.params.scope!;
}

function period(timeGrain: string, today: string): { from: string; to: string } {
  const month = Number(today.slice(5, 7));
  const year = today.slice(0, 4);
  switch (timeGrain) {
    case "Quarterly":
    case "BillingQuarter": {
      const q = Math.floor((month - 1) / 3) * 3 + 1;
      const from = `${year}-${String(q).padStart(2, "0")}-01`;
      return { from, to: monthEnd(`${year}-${String(q + 2).padStart(2, "0")}-01`) };
    }
    case "Annually":
    case "BillingAnnual":
      return { from: `${year}-01-01`, to: `${year}-12-31` };
    default:
      return { from: monthStart(today), to: monthEnd(today) };
  }
}

/** The stored document with currentSpend / forecastSpend computed at read time. */
function withSpend(doc: ArmResource, emu: Emulator): ArmResource {
  ensureAccrued(emu);
  const props = doc.properties as { timeGrain: string; amount: number; filter?: CostFilter };
  const scope = parseCostScope(doc.id.replace(/\/providers\/Microsoft\.Consumption\/budgets\/[^/]+$/i, ""));
  const inScopeOnly = scope && recordsInScope(emu.state, scope);
  const inScope = inScopeOnly && ((r: Parameters<typeof inScopeOnly>[0]) => inScopeOnly(r) && matchesFilter(r, props.filter));
  const today = isoDay(emu.now());
  const p = period(props.timeGrain, today);
  const last = addDays(today, -1);
  let spent = 0;
  if (inScope && last >= p.from) {
    // A subscription's or group's records come from the per-subscription index, in the same order.
    const records = scope.kind === "managementGroup" ? emu.state.costRecords : costRecordsOfSubscription(emu.state, scope.subscriptionId);
    for (const r of records) if (r.date >= p.from && r.date <= last && inScope(r)) spent += r.cost;
  }
  const left = daysBetweenInclusive(today > p.from ? today : p.from, p.to);
  const records = !inScope ? [] : scope.kind === "managementGroup" ? emu.state.costRecords : costRecordsOfSubscription(emu.state, scope.subscriptionId);
  const forecast = spent + (inScope ? recentDailyRate(records, today, inScope) : 0) * left;
  return {
    ...doc,
    properties: { ...doc.properties, currentSpend: { amount: round(spent), unit: "USD" }, forecastSpend: { amount: round(forecast), unit: "USD" } },
  };
}

function scopeOr404(req: EmuRequest, emu: Emulator): EmuResponse | undefined {
  const scope = parseCostScope(scopeOf(req));
  if (!scope) return emu.armError(400, "BadRequest", `Budgets are supported at subscription, resource group and management group scope, not '${scopeOf(req)}'.`);
  if (!recordsInScope(emu.state, scope)) return emu.armError(404, "NotFound", `The scope '${scopeOf(req)}' was not found.`);
  if (scope.kind === "resourceGroup" && !emu.state.getResourceGroup(scope.subscriptionId, scope.resourceGroup)) {
    return emu.armError(404, "ResourceGroupNotFound", `Resource group '${scope.resourceGroup}' could not be found.`);
  }
  return undefined;
}

function budgetId(req: EmuRequest): string {
  return `${scopeOf(req)}/providers/Microsoft.Consumption/budgets/${req.params.budgetName}`;
}

function putBudget(req: EmuRequest, emu: Emulator): EmuResponse {
  const bad = scopeOr404(req, emu);
  if (bad) return bad;
  const notifications = req.body?.properties?.notifications;
  if (notifications && typeof notifications === "object" && Object.keys(notifications).length > MAX_NOTIFICATIONS) {
    return emu.armError(400, "BadRequest", `Invalid budget: a budget can have at most ${MAX_NOTIFICATIONS} notifications; ${Object.keys(notifications).length} were given.`);
  }
  const parsed = budgetBody.safeParse(req.body);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    return emu.armError(400, "BadRequest", `Invalid budget: '${i.path.join(".")}' ${i.message}.`);
  }
  const b = parsed.data;
  const filterError = checkFilter(b.properties.filter as CostFilter | undefined, "properties.filter");
  if (filterError) return emu.armError(400, "BadRequest", `Invalid budget: ${filterError}.`);
  for (const [key, n] of Object.entries(b.properties.notifications ?? {})) {
    if (n.contactEmails.length === 0 && !(n.contactGroups?.length) && !(n.contactRoles?.length)) {
      return emu.armError(400, "BadRequest", `Invalid budget: notification '${key}' needs at least one of contactEmails, contactGroups or contactRoles.`);
    }
  }
  const start = b.properties.timePeriod.startDate.slice(0, 10);
  if (!/^\d{4}-\d{2}-01$/.test(start)) return emu.armError(400, "BadRequest", "Invalid budget: 'properties.timePeriod.startDate' must be the first day of a month.");
  const id = budgetId(req);
  const existing = emu.state.budgets.get(normalizeId(id));
  if (existing && b.eTag && b.eTag !== (existing as { eTag?: string }).eTag) {
    return emu.armError(412, "PreconditionFailed", `The eTag '${b.eTag}' does not match the budget's current eTag.`);
  }
  const { currentSpend: _c, forecastSpend: _f, ...props } = b.properties as Record<string, unknown>;
  const doc = {
    id,
    name: req.params.budgetName!,
    type: "Microsoft.Consumption/budgets",
    eTag: `"${randomUUID()}"`,
    properties: { ...props, notifications: b.properties.notifications ?? {} },
  } as ArmResource;
  emu.state.budgets.set(normalizeId(id), doc);
  return { status: existing ? 200 : 201, body: withSpend(doc, emu) };
}

export function register(router: Router): void {
  const base = "{*scope}/providers/Microsoft.Consumption/budgets";
  router.add(
    "GET",
    base,
    (req, emu) => {
      const bad = scopeOr404(req, emu);
      if (bad) return bad;
      const prefix = normalizeId(`${scopeOf(req)}/providers/Microsoft.Consumption/budgets/`);
      const items = emu.state.budgets.entriesWithPrefix(prefix).map(([, d]) => withSpend(d, emu));
      return { status: 200, body: emu.page(req, items) };
    },
    { kind: "read", rbacAction: "Microsoft.Consumption/budgets/read" },
  );
  router.add(
    "GET",
    `${base}/{budgetName}`,
    (req, emu) => {
      const doc = emu.state.budgets.get(normalizeId(budgetId(req)));
      if (!doc) return emu.armError(404, "NotFound", `Budget '${req.params.budgetName}' was not found at scope '${scopeOf(req)}'.`);
      return { status: 200, body: withSpend(doc, emu) };
    },
    { kind: "read", rbacAction: "Microsoft.Consumption/budgets/read" },
  );
  router.add("PUT", `${base}/{budgetName}`, putBudget, { kind: "write", rbacAction: "Microsoft.Consumption/budgets/write" });
  router.add(
    "DELETE",
    `${base}/{budgetName}`,
    (req, emu) => {
      const key = normalizeId(budgetId(req));
      if (!emu.state.budgets.delete(key)) return { status: 204 };
      return { status: 200 };
    },
    { kind: "delete", rbacAction: "Microsoft.Consumption/budgets/delete" },
  );
}
