import { z } from "zod";
import type { SandboxState } from "../estate/SandboxState";
import type { CostFacts } from "../sweep/CostFacts";
import type { SandboxCosts } from "../sweep/collectSandboxCosts";

const Line = z.object({
  value: z.string(),
  spend: z.number(),
  /** The previous month over the same days. */
  previous: z.number(),
  change: z.number(),
  /** Percent change; null when the previous period had no spend. */
  changePercent: z.number().nullable(),
});

/**
 * The report's cost attribution: this month's spend per value of each of budgetAlerts' tag groups
 * (cost-center, project; `(untagged)` its own line), the previous month's same days beside it, and
 * the values that moved most. From the sweep's own tag-grouped Cost Management queries.
 */
export const CostAttribution = z.object({
  periodStart: z.string(),
  daysWithData: z.number().int(),
  currency: z.string(),
  byTag: z.array(z.object({ tag: z.string(), total: z.number(), previousTotal: z.number(), lines: z.array(Line) })),
  topMovers: z.array(Line.extend({ tag: z.string() })),
  /** Cost per sandbox experiment since `since` (closed sandboxes included), most expensive first. */
  sandboxes: z.object({ since: z.string(), rows: z.array(z.object({ id: z.string(), kind: z.string(), status: z.string(), spend: z.number() })) }).optional(),
});
export type CostAttribution = z.infer<typeof CostAttribution>;

const TOP_MOVERS = 5;
const cents = (n: number) => Math.round(n * 100) / 100;

export function buildCostAttribution(costs: CostFacts, sandboxes?: { costs: SandboxCosts; states: SandboxState[] }): CostAttribution | undefined {
  const spend = costs.tagSpend ?? [];
  if (spend.length === 0) return undefined;
  const tags = [...new Set(spend.map((s) => s.tag))];
  const line = (s: (typeof spend)[number]) => ({
    value: s.value,
    spend: cents(s.actual),
    previous: cents(s.previous),
    change: cents(s.actual - s.previous),
    changePercent: s.previous > 0 ? Math.round(((s.actual - s.previous) / s.previous) * 1000) / 10 : null,
  });
  const byTag = tags.map((tag) => {
    const lines = spend.filter((s) => s.tag === tag).map(line).sort((a, b) => b.spend - a.spend || a.value.localeCompare(b.value));
    return { tag, total: cents(lines.reduce((n, l) => n + l.spend, 0)), previousTotal: cents(lines.reduce((n, l) => n + l.previous, 0)), lines };
  });
  const topMovers = byTag
    .flatMap((t) => t.lines.map((l) => ({ ...l, tag: t.tag })))
    .filter((l) => l.change !== 0)
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.value.localeCompare(b.value))
    .slice(0, TOP_MOVERS);
  return { periodStart: costs.periodStart, daysWithData: costs.daysWithData, currency: costs.currency, byTag, topMovers, ...(sandboxes ? { sandboxes: sandboxRows(sandboxes.costs, sandboxes.states) } : {}) };
}

function sandboxRows(costs: SandboxCosts, states: SandboxState[]): NonNullable<CostAttribution["sandboxes"]> {
  const rows = states.map((s) => {
    const m = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?/i.exec(s.id);
    const groups = costs.bySubscription[m?.[1]?.toLowerCase() ?? ""] ?? {};
    const spend = m?.[2] ? (groups[m[2].toLowerCase()] ?? 0) : Object.values(groups).reduce((a, b) => a + b, 0);
    return { id: s.id, kind: s.kind, status: s.status, spend: cents(spend) };
  });
  return { since: costs.since, rows: rows.sort((a, b) => b.spend - a.spend || a.id.localeCompare(b.id)) };
}

const money = (n: number) => n.toFixed(2);
const pct = (p: number | null) => (p === null ? "new" : `${p > 0 ? "+" : ""}${p}%`);

/** The cost attribution as Markdown lines (renderMarkdown puts them in the report). */
export function costAttributionMarkdown(c: CostAttribution | undefined): string[] {
  if (!c) return [];
  const out = ["## Cost attribution", "", `Month to date from ${c.periodStart} (${c.daysWithData} day(s) of data), ${c.currency}, against the previous month's same days.`, ""];
  for (const t of c.byTag) {
    out.push(`### By ${t.tag}`, "", `| ${t.tag} | Spend | Previous | Change |`, "|---|---:|---:|---:|");
    for (const l of t.lines) out.push(`| ${l.value} | ${money(l.spend)} | ${money(l.previous)} | ${money(l.change)} (${pct(l.changePercent)}) |`);
    out.push(`| **Total** | **${money(t.total)}** | ${money(t.previousTotal)} | ${money(t.total - t.previousTotal)} |`, "");
  }
  if (c.topMovers.length) {
    out.push("### Top movers", "");
    for (const m of c.topMovers) out.push(`- ${m.tag} ${m.value}: ${m.change > 0 ? "+" : ""}${money(m.change)} (${pct(m.changePercent)})`);
    out.push("");
  }
  if (c.sandboxes?.rows.length) {
    out.push(`### Cost per sandbox experiment (since ${c.sandboxes.since})`, "", "| Sandbox | State | Spend |", "|---|---|---:|");
    for (const s of c.sandboxes.rows) out.push(`| \`${s.id}\` | ${s.status} | ${money(s.spend)} |`);
    out.push("");
  }
  return out;
}

/** The cost attribution as an HTML section (renderHtml puts it in the report); `esc` escapes text. */
export function costAttributionHtml(c: CostAttribution | undefined, esc: (s: string) => string): string {
  if (!c) return "";
  const tables = c.byTag
    .map((t) => {
      const rows = t.lines.map((l) => `<tr><td>${esc(l.value)}</td><td>${money(l.spend)}</td><td>${money(l.previous)}</td><td>${money(l.change)} (${pct(l.changePercent)})</td></tr>`).join("");
      return `<h3>By ${esc(t.tag)}</h3><table><thead><tr><th>${esc(t.tag)}</th><th>Spend</th><th>Previous</th><th>Change</th></tr></thead><tbody>${rows}<tr><td><b>Total</b></td><td><b>${money(t.total)}</b></td><td>${money(t.previousTotal)}</td><td>${money(t.total - t.previousTotal)}</td></tr></tbody></table>`;
    })
    .join("");
  const movers = c.topMovers.length ? `<h3>Top movers</h3><ul>${c.topMovers.map((m) => `<li>${esc(m.tag)} ${esc(m.value)}: ${m.change > 0 ? "+" : ""}${money(m.change)} (${pct(m.changePercent)})</li>`).join("")}</ul>` : "";
  const sandboxes = c.sandboxes?.rows.length
    ? `<h3>Cost per sandbox experiment (since ${esc(c.sandboxes.since)})</h3><table><thead><tr><th>Sandbox</th><th>State</th><th>Spend</th></tr></thead><tbody>${c.sandboxes.rows.map((s) => `<tr><td><code>${esc(s.id)}</code></td><td>${esc(s.status)}</td><td>${money(s.spend)}</td></tr>`).join("")}</tbody></table>`
    : "";
  return `<section><h2>Cost attribution</h2><p>Month to date from ${esc(c.periodStart)} (${c.daysWithData} day(s) of data), ${esc(c.currency)}, against the previous month's same days.</p>${tables}${movers}${sandboxes}</section>`;
}
