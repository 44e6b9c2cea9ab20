import type { ConsumptionManagementClient, Budget } from "@azure/arm-consumption";
import { z } from "zod";
import { call, getOrUndefined, paged } from "../AzureError";
import { armScope } from "../armScope";

const budgetNotificationSchema = z.object({
  enabled: z.boolean().default(true),
  operator: z.enum(["EqualTo", "GreaterThan", "GreaterThanOrEqualTo"]).default("GreaterThanOrEqualTo"),
  /** Percent of the budget amount. */
  threshold: z.number().positive().max(1000),
  thresholdType: z.enum(["Actual", "Forecasted"]).default("Actual"),
  contactEmails: z.array(z.string()).default([]),
  contactRoles: z.array(z.string()).optional(),
  contactGroups: z.array(z.string()).optional(),
});

const budgetSpecSchema = z.object({
  amount: z.number().positive(),
  timeGrain: z.enum(["Monthly", "Quarterly", "Annually"]).default("Monthly"),
  startDate: z.coerce.date(),
  endDate: z.coerce.date().optional(),
  /** Azure allows at most 5 notifications per budget. */
  notifications: z.record(z.string(), budgetNotificationSchema).refine((n) => Object.keys(n).length <= 5, {
    message: "a budget has at most 5 notifications",
  }),
});
export type BudgetSpec = z.input<typeof budgetSpecSchema>;

export interface BudgetStatus {
  id: string;
  name: string;
  amount: number;
  timeGrain: string;
  currentSpend: number;
  forecastSpend?: number;
  notifications: Record<string, z.infer<typeof budgetNotificationSchema>>;
  /** The budget's tag filters (`filter.tags`, alone or under `filter.and`): a budget for those tag values only. */
  tagFilters: Array<{ name: string; values: string[] }>;
  eTag?: string;
}

/** Creates or replaces a budget at a subscription, resource group or management group scope. */
export async function upsertBudget(client: ConsumptionManagementClient, scope: string, name: string, spec: BudgetSpec): Promise<BudgetStatus> {
  const s = budgetSpecSchema.parse(spec);
  const existing = await getOrUndefined(() => client.budgets.get(armScope(scope), name));
  const budget: Budget = {
    category: "Cost",
    amount: s.amount,
    timeGrain: s.timeGrain,
    timePeriod: { startDate: s.startDate, ...(s.endDate ? { endDate: s.endDate } : {}) },
    notifications: s.notifications,
    // Azure rejects an update without the current eTag (optimistic concurrency).
    ...(existing?.eTag ? { eTag: existing.eTag } : {}),
  };
  return toStatus(await call(() => client.budgets.createOrUpdate(armScope(scope), name, budget)));
}

export async function getBudget(client: ConsumptionManagementClient, scope: string, name: string): Promise<BudgetStatus | undefined> {
  const b = await getOrUndefined(() => client.budgets.get(armScope(scope), name));
  return b ? toStatus(b) : undefined;
}

export async function* listBudgets(client: ConsumptionManagementClient, scope: string): AsyncGenerator<BudgetStatus> {
  for await (const b of paged(client.budgets.list(armScope(scope)))) yield toStatus(b);
}

function toStatus(b: Budget): BudgetStatus {
  const notifications: BudgetStatus["notifications"] = {};
  for (const [k, n] of Object.entries(b.notifications ?? {})) {
    notifications[k] = {
      enabled: n.enabled,
      operator: n.operator as "EqualTo" | "GreaterThan" | "GreaterThanOrEqualTo",
      threshold: n.threshold,
      thresholdType: (n.thresholdType ?? "Actual") as "Actual" | "Forecasted",
      contactEmails: n.contactEmails ?? [],
      contactRoles: n.contactRoles,
      contactGroups: n.contactGroups,
    };
  }
  return {
    id: b.id ?? "",
    name: b.name ?? "",
    amount: b.amount ?? 0,
    timeGrain: b.timeGrain ?? "Monthly",
    currentSpend: b.currentSpend?.amount ?? 0,
    forecastSpend: b.forecastSpend?.amount,
    notifications,
    tagFilters: [b.filter?.tags, ...(b.filter?.and ?? []).map((x) => x.tags)].flatMap((t) => (t?.name && t.values?.length ? [{ name: t.name, values: t.values }] : [])),
    eTag: b.eTag,
  };
}
