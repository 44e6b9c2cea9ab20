import { z } from "zod";
import type { Policy } from "../config/Policy";
import type { SubscriptionFacts } from "../estate/SubscriptionFacts";
import type { BatchFacts } from "../sweep/BatchFacts";

/** GPU spend of one team: the monthly run rate of the GPU compute carrying its tag value. */
export const GpuTeamSpend = z.object({
  /** The team tag's name (budgetAlerts' first tag group, else `cost-center`). */
  tag: z.string(),
  /** Its value, or `(untagged)`. */
  team: z.string(),
  monthlyCost: z.number(),
  resources: z.number().int(),
  currency: z.string(),
});
export type GpuTeamSpend = z.infer<typeof GpuTeamSpend>;

const UNTAGGED = "(untagged)";
const round2 = (x: number) => Math.round(x * 100) / 100;

/** The tag that names a team: the first tag group budgets are kept by (cost-center in the shipped policy). */
const teamTagOf = (policy: Policy): string => policy.guardrails.budgetAlerts.params.tagGroups[0] ?? "cost-center";

/**
 * Pure: the batch's GPU compute (whatever the sweep has a GPU cost run rate for) by team: the
 * resource's team tag, else its subscription's, else `(untagged)`. From facts the night already
 * read (no query of its own).
 */
export function gpuTeamSpend(facts: Pick<BatchFacts, "resources" | "gpuMonthlyCost">, subscriptions: readonly SubscriptionFacts[], policy: Policy, currency: string): GpuTeamSpend[] {
  const tag = teamTagOf(policy).toLowerCase();
  const valueOf = (tags: Record<string, string> | undefined) => Object.entries(tags ?? {}).find(([k]) => k.toLowerCase() === tag)?.[1];
  const subTags = new Map(subscriptions.map((s) => [s.id.toLowerCase(), s.tags]));
  const cost = facts.gpuMonthlyCost ?? {};
  const byTeam = new Map<string, { monthlyCost: number; resources: number }>();
  for (const r of facts.resources) {
    const c = cost[r.id.toLowerCase()];
    if (c === undefined) continue;
    const team = valueOf(r.tags) ?? valueOf(subTags.get(r.subscriptionId.toLowerCase())) ?? UNTAGGED;
    const t = byTeam.get(team) ?? { monthlyCost: 0, resources: 0 };
    t.monthlyCost += c;
    t.resources++;
    byTeam.set(team, t);
  }
  return [...byTeam].map(([team, t]) => ({ tag: teamTagOf(policy), team, monthlyCost: round2(t.monthlyCost), resources: t.resources, currency }));
}

/** The batches' team lines as one list: summed per team, dearest first. */
export function mergeGpuTeamSpend(lists: ReadonlyArray<readonly GpuTeamSpend[]>): GpuTeamSpend[] {
  const out = new Map<string, GpuTeamSpend>();
  for (const l of lists.flat()) {
    const t = out.get(l.team);
    out.set(l.team, t ? { ...t, monthlyCost: round2(t.monthlyCost + l.monthlyCost), resources: t.resources + l.resources } : { ...l });
  }
  return [...out.values()].sort((a, b) => b.monthlyCost - a.monthlyCost || a.team.localeCompare(b.team));
}

const money = (n: number, currency: string) => `${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;

export function gpuTeamSpendMarkdown(rows: readonly GpuTeamSpend[], cell: (s: string) => string): string[] {
  if (!rows.length) return [];
  return [`## GPU spend by team (${cell(rows[0]!.tag)})`, "", "| Team | GPU resources | Monthly run rate |", "|---|---:|---:|", ...rows.map((r) => `| ${cell(r.team)} | ${r.resources} | ${money(r.monthlyCost, r.currency)} |`), ""];
}

export function gpuTeamSpendHtml(rows: readonly GpuTeamSpend[], esc: (s: string) => string): string {
  if (!rows.length) return "";
  const body = rows.map((r) => `<tr><td>${esc(r.team)}</td><td class="num">${r.resources}</td><td class="num">${esc(money(r.monthlyCost, r.currency))}</td></tr>`).join("");
  return `<section><h2>GPU spend by team (${esc(rows[0]!.tag)})</h2><table><thead><tr><th>Team</th><th>GPU resources</th><th>Monthly run rate</th></tr></thead><tbody>${body}</tbody></table></section>`;
}
