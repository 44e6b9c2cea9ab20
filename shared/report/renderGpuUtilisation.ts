import type { GpuUtilisationRow } from "./GpuUtilisationRow";

const HEAD = ["Subscription", "GPU cores allocated", "GPU cores running", "Average GPU utilisation", "Idle hours (measured)", "Estimated waste / month"] as const;
const pct = (r: GpuUtilisationRow) => (r.measured === 0 ? "–" : r.averageUtilisation === null ? "no GPU metric" : `${r.averageUtilisation}% (${r.gpuMeasured} of ${r.measured} measured)`);
const idle = (r: GpuUtilisationRow) => (r.measured ? `${r.idleHours} h of ${r.measured} × ${r.windowHours} h` : "–");
const money = (x: number, currency: string) => `${x.toLocaleString("en-US", { maximumFractionDigits: 0 })} ${currency}`;

function totals(rows: GpuUtilisationRow[]) {
  const sum = (f: (r: GpuUtilisationRow) => number) => rows.reduce((a, r) => a + f(r), 0);
  return { allocated: sum((r) => r.coresAllocated), running: sum((r) => r.coresRunning), waste: Math.round(sum((r) => r.estimatedMonthlyWaste)), currency: rows[0]?.currency ?? "USD" };
}

const NOTE = "Utilisation from the GPU guest metric where the Azure Monitor agent publishes it; idle hours also count VMs measured by CPU and network; waste is each measured resource's monthly cost times its idle share, plus stopped-but-billed GPU VMs.";

/** The report's GPU utilisation section as Markdown lines (none without rows). */
export function gpuUtilisationMarkdown(rows: GpuUtilisationRow[], cell: (s: string) => string): string[] {
  if (!rows.length) return [];
  const t = totals(rows);
  return [
    "## GPU utilisation",
    "",
    `${t.running} of ${t.allocated} allocated GPU cores running; estimated waste ${money(t.waste, t.currency)} a month.`,
    "",
    `| ${HEAD.join(" | ")} |`,
    "|---|---:|---:|---:|---:|---:|",
    ...rows.map((r) => `| ${cell(r.subscriptionName ? `${r.subscriptionName} (${r.subscriptionId})` : r.subscriptionId)} | ${r.coresAllocated} | ${r.coresRunning} | ${pct(r)} | ${idle(r)} | ${money(r.estimatedMonthlyWaste, r.currency)} |`),
    "",
    `_${NOTE}_`,
    "",
  ];
}

/** The same section as HTML ("" without rows); `esc` is the page's escaper. */
export function gpuUtilisationHtml(rows: GpuUtilisationRow[], esc: (s: string) => string): string {
  if (!rows.length) return "";
  const t = totals(rows);
  const body = rows.map((r) => `<tr><td>${r.subscriptionName ? `${esc(r.subscriptionName)} ` : ""}<code>${esc(r.subscriptionId)}</code></td><td class="num">${r.coresAllocated}</td><td class="num">${r.coresRunning}</td><td class="num">${esc(pct(r))}</td><td class="num">${esc(idle(r))}</td><td class="num">${esc(money(r.estimatedMonthlyWaste, r.currency))}</td></tr>`).join("");
  return `<section><h2>GPU utilisation</h2><p><b>${t.running}</b> of ${t.allocated} allocated GPU cores running; estimated waste <b>${esc(money(t.waste, t.currency))}</b> a month.</p><table><thead><tr>${HEAD.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${body}</tbody></table><p class="empty">${esc(NOTE)}</p></section>`;
}
