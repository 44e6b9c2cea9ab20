import { createHash } from "node:crypto";
import type { ActionContext } from "../../actions/ActionContext";
import type { Policy } from "../../config/Policy";
import { carryOut, type FindingPublisher } from "../../engine/carryOut";
import { decide } from "../../engine/decide";
import { exemptionFromRecord } from "../../engine/exemptions/exemptionFromRecord";
import type { BudgetFacts } from "../../estate/BudgetFacts";
import type { SubscriptionDirectory } from "../../facts/createSubscriptionDirectory";
import type { FactsSource } from "../../facts/FactsSource";
import { budgetAlertKey } from "../../guardrails/budgetAlerts/budgetAlertKey";
import { evaluateBudgetAlerts } from "../../guardrails/budgetAlerts/evaluateBudgetAlerts";
import { budgetAlertsName } from "../../guardrails/budgetAlerts/params";
import { routingOf } from "../../notify/routingOf";
import type { Stores } from "../../store/ports";
import type { CostBudgetAlert } from "./CostBudgetAlert";
import { capSandboxOnAlert, type SandboxCapDeps, type SandboxCapOutcome } from "./capSandboxOnAlert";

const DAY = 86_400_000;
/** Long enough to outlive every redelivery of one period's alert. */
const ALERT_TTL_MS = 40 * DAY;

type CostDriver = BudgetFacts["topDrivers"][number];

/** The ports the webhook path reads and writes; functions/deps.ts builds them over the adapters. */
export interface BudgetAlertDeps {
  policy: Policy;
  stores: Pick<Stores, "budgetAlerts" | "findings" | "exemptions" | "processedEvents" | "sandboxState">;
  /** Compute inside a sandbox's scope, for its cost cap (capSandboxOnAlert). */
  computeIn: SandboxCapDeps["computeIn"];
  subscriptions: SubscriptionDirectory;
  facts: Pick<FactsSource, "resourceGroupTags">;
  /** The budget as Azure holds it, or undefined when there is none of that name at that scope. */
  budget(scope: string, name: string): Promise<{ id: string; amount: number } | undefined>;
  /** This period's cost at the budget's scope by resource group (a subscription) or resource (a group): one Cost Management query. */
  costDrivers(scope: string): Promise<CostDriver[]>;
  /** The action context of one alert, audited under its correlation id. */
  actionContext(correlationId: string, now: Date): ActionContext;
  publisher?: FindingPublisher;
  now: () => Date;
}

export type BudgetAlertOutcome =
  | { status: "unknownBudget"; budgetId: string; message: string }
  | { status: "unsupportedScope"; scope: string; message: string }
  | { status: "duplicate"; deliveryKey: string }
  | {
      status: "handled";
      budgetId: string;
      scope: string;
      periodStart: string;
      thresholdType: "Actual" | "Forecasted";
      threshold: number;
      /** Threshold keys notified now; `alreadyFired` were sent before this period (by the sweep or an earlier alert). */
      fired: string[];
      alreadyFired: number;
      exempted: number;
      /** Why nothing fired although Azure alerted (a young period's forecast, the guardrail off or out of scope). */
      heldBack?: string;
      topDrivers: CostDriver[];
      /** The budget is a sandbox's and the alert put it over its cap: what was done about it now. */
      costCap?: SandboxCapOutcome;
    };

const SCOPE = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?$/i;

/**
 * Azure's budget alert through the one engine: the budget is resolved at its scope (an unknown
 * one is said so, never guessed), the alert becomes budget facts (Azure's spend and forecast, the
 * top cost drivers from one cost query), the budgetAlerts guardrail judges them with the alert's
 * own threshold beside the policy's, decide applies mode, scope and exemptions, and each new
 * threshold is carried out once per period (the same marks the sweep keeps), routed to the
 * owners of the budget's resource group or subscription. A sandbox's budget over its cap caps
 * the sandbox now (capSandboxOnAlert) rather than at the night's sweep. A redelivered alert is
 * answered as a duplicate without a second look.
 */
export async function handleBudgetAlert(alert: CostBudgetAlert, deps: BudgetAlertDeps): Promise<BudgetAlertOutcome> {
  const { policy } = deps;
  const now = deps.now();
  const a = alert.data.alertContext.AlertData;
  const scope = (a.BudgetId ? a.BudgetId.replace(/\/providers\/Microsoft\.(Consumption|CostManagement)\/budgets\/[^/]+\/?$/i, "") : a.Scope!).replace(/\/+$/, "");
  const m = SCOPE.exec(scope);
  if (!m) return { status: "unsupportedScope", scope, message: `budget scope '${scope}' is not a subscription or resource group: ailz routes budgets of those scopes` };
  const subscriptionId = m[1]!.toLowerCase();
  const group = m[2];

  const budget = await deps.budget(scope, a.BudgetName);
  const budgetId = (budget?.id ?? a.BudgetId ?? `${scope}/providers/Microsoft.Consumption/budgets/${a.BudgetName}`).toLowerCase();
  if (!budget) return { status: "unknownBudget", budgetId, message: `no budget '${a.BudgetName}' exists at ${scope}: the alert was not acted on` };

  const periodStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString().slice(0, 10);
  const threshold = Math.round((a.NotificationThresholdAmount / a.BudgetThreshold) * 10_000) / 100;
  const deliveryKey = createHash("sha256").update([alert.data.essentials.alertId, budgetId, a.ThresholdType, threshold, periodStart].join("\n").toLowerCase()).digest("hex").slice(0, 32);
  if (await deps.stores.processedEvents.seenOrRecord(`budgetAlert:${deliveryKey}`, ALERT_TTL_MS)) return { status: "duplicate", deliveryKey };

  try {
    const [sub, groupTags, topDrivers] = await Promise.all([
      deps.subscriptions.get(subscriptionId),
      group ? deps.facts.resourceGroupTags(subscriptionId, group) : Promise.resolve(undefined),
      deps.costDrivers(scope),
    ]);
    const daysWithData = Math.max(0, now.getUTCDate() - 1);
    const facts: BudgetFacts = {
      id: budgetId,
      scope,
      scopeType: group ? "resourceGroup" : "subscription",
      amount: budget.amount > 0 ? budget.amount : a.BudgetThreshold,
      currency: a.Unit,
      periodStart,
      actual: a.SpentAmount,
      forecast: a.ForecastedTotalForPeriod ?? a.SpentAmount,
      daysWithData,
      forecastBasis: `Azure Cost Management's forecast for the period, from usage history and ${daysWithData} day(s) of this period's data`,
      owners: [],
      topDrivers,
    };
    const p = policy.guardrails.budgetAlerts.params;
    const withAlert = (xs: number[]) => [...new Set([...xs, threshold])];
    const thresholds = a.ThresholdType === "Actual" ? { actual: withAlert(p.thresholds.actual), forecasted: [] } : { actual: [], forecasted: withAlert(p.thresholds.forecasted) };
    const fired = (await deps.stores.budgetAlerts.fired(budgetId, periodStart)).map((f) => budgetAlertKey(f.scope, f.period, f.kind === "actual" ? "Actual" : "Forecasted", f.threshold));
    const evaluated = evaluateBudgetAlerts({ budgets: [facts], fired, thresholds }, policy, now);

    const tagsById = new Map<string, Record<string, string>>();
    if (group && groupTags) tagsById.set(scope.toLowerCase(), groupTags);
    const exemptions = (await deps.stores.exemptions.list({ now: now.toISOString() })).map(exemptionFromRecord);
    const decided = decide(evaluated, policy, now, { subscriptionOf: (id) => (id === subscriptionId ? sub : undefined), tagsOf: (id) => tagsById.get(id), exemptions });

    const base = deps.actionContext(`budgetAlert:${deliveryKey}`, now);
    const routing = routingOf(policy, { group: groupTags, subscription: sub.tags });
    const ctx: ActionContext = { ...base, notifier: base.notifier && { notify: (msg, r) => base.notifier!.notify(msg, r ?? routing) } };
    const sent: string[] = [];
    let already = 0;
    let exempted = 0;
    for (const d of decided.decisions) {
      const e = d.evidence as { alertKey: string; threshold: number; thresholdType: "Actual" | "Forecasted" };
      if (!d.exemption && !(await deps.stores.budgetAlerts.markFired(budgetId, periodStart, e.threshold, e.thresholdType === "Actual" ? "actual" : "forecasted", now.toISOString()))) {
        already++;
        continue;
      }
      const open = await deps.stores.findings.get({ guardrail: d.guardrail, resourceId: d.resourceId, rule: d.rule });
      await carryOut(d, open?.status === "open" ? open : undefined, { ctx, findings: deps.stores.findings, publisher: deps.publisher });
      if (d.exemption) exempted++;
      else sent.push(e.alertKey);
    }
    const costCap = await capSandboxOnAlert(
      { scope, subscription: sub, groupTags, spent: a.SpentAmount, forecast: a.ForecastedTotalForPeriod ?? a.SpentAmount, amount: facts.amount, currency: a.Unit },
      { policy, stores: deps.stores, computeIn: deps.computeIn, exemptions, ctx, publisher: deps.publisher },
      now,
    );
    const crossed = (a.ThresholdType === "Actual" ? a.SpentAmount : (a.ForecastedTotalForPeriod ?? 0)) >= a.NotificationThresholdAmount;
    const heldBack =
      decided.excluded.length > 0
        ? `the ${budgetAlertsName} guardrail is ${decided.excluded[0]!.why === "off" ? "off" : "not scoped to this subscription"}`
        : a.ThresholdType === "Forecasted" && daysWithData < p.forecastMinDays
          ? `forecast thresholds wait for ${p.forecastMinDays} day(s) of this period's data; it has ${daysWithData}`
          : evaluated.length === 0 && !crossed
            ? `Azure reports ${a.ThresholdType === "Actual" ? a.SpentAmount : a.ForecastedTotalForPeriod} ${a.Unit}, below the alert's own threshold`
            : undefined;
    return { status: "handled", budgetId, scope, periodStart, thresholdType: a.ThresholdType, threshold, fired: sent, alreadyFired: already, exempted, ...(heldBack ? { heldBack } : {}), topDrivers: [...topDrivers].sort((x, y) => y.cost - x.cost).slice(0, p.topDrivers), ...(costCap ? { costCap } : {}) };
  } catch (err) {
    // Not handled: a redelivery must be judged again.
    await deps.stores.processedEvents.forget(`budgetAlert:${deliveryKey}`);
    throw err;
  }
}
