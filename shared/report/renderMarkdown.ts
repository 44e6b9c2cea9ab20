import { gpuTeamSpendMarkdown } from "./GpuTeamSpend";
import { gpuUtilisationMarkdown } from "./renderGpuUtilisation";
import { sandboxStateText } from "./SandboxRow";
import type { SweepReport } from "./SweepReport";
import { costAttributionMarkdown } from "./CostAttribution";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const OUTCOME_TITLE = { flagged: "Flagged", done: "Done", wouldDo: "Dry run: would have done", exempt: "Exempt (held back by an exemption)", skipped: "Skipped", failed: "Failed" } as const;

/** The report as Markdown (for chat tools and the repository of record). */
export function renderMarkdown(r: SweepReport): string {
  const out: string[] = [];
  out.push(`# ailz nightly sweep — ${r.date}${r.dryRun ? " (dry run)" : ""}`, "");
  out.push(`${r.scope.subscriptions} subscriptions in ${r.scope.batches} batches; generated ${r.generatedAt}.`, "");
  if (r.scope.failedBatches.length) out.push(`**Failed batches:** ${r.scope.failedBatches.join(", ")} (retried, still failing: their subscriptions were not checked).`, "");
  out.push("| Flagged | Done | Would have done | Exempt | Skipped | Failed |", "|---:|---:|---:|---:|---:|---:|", `| ${r.totals.flagged} | ${r.totals.done} | ${r.totals.wouldDo} | ${r.totals.exempt} | ${r.totals.skipped} | ${r.totals.failed} |`, "");

  out.push("## Readiness scorecard", "", "| Area | Rating | Measure | Thresholds |", "|---|:---:|---|---|");
  for (const s of r.scorecard) out.push(`| ${s.title}${s.callOut ? " ⚠" : ""} | ${s.rating ?? "–"} | ${cell(s.measure)} | ${cell(s.thresholds)} |`);
  const callOuts = r.scorecard.filter((s) => s.callOut);
  if (callOuts.length) out.push("", `**Below 3:** ${callOuts.map((s) => `${s.title} (${s.rating})`).join(", ")}.`);
  out.push("");

  for (const outcome of ["failed", "done", "wouldDo", "flagged", "exempt", "skipped"] as const) {
    const items = r.items.filter((i) => i.outcome === outcome);
    if (!items.length) continue;
    out.push(`## ${OUTCOME_TITLE[outcome]} (${items.length})`, "", "| Guardrail | Resource | Why | Action |", "|---|---|---|---|");
    for (const i of items) out.push(`| ${i.guardrail}/${i.rule} | \`${cell(i.resourceId)}\` | ${cell(i.reason)} | ${cell([i.action, i.note].filter(Boolean).join(": "))} |`);
    out.push("");
  }
  if (r.omitted) out.push(`_${r.omitted} more items are in report.json's audit trail._`, "");

  if (r.sandboxes.length) {
    out.push("## Sandboxes", "", "| Sandbox | State | Last activity | Flagged | Decommissioned |", "|---|---|---|---|---|");
    for (const s of r.sandboxes) out.push(`| \`${s.id}\` | ${sandboxStateText(s)} | ${s.lastActivityAt.slice(0, 10)} | ${s.flaggedAt?.slice(0, 10) ?? ""} | ${s.decommissionedAt?.slice(0, 10) ?? ""} |`);
    out.push("");
  }
  out.push(...costAttributionMarkdown(r.costAttribution));
  if (r.reclaims.started.length || r.reclaims.running.length) {
    out.push("## GPU quota reclaims", "", `Started tonight: ${r.reclaims.started.join(", ") || "none"}. In grace period: ${r.reclaims.running.join(", ") || "none"}.`, "");
  }
  out.push(...gpuUtilisationMarkdown(r.gpuUtilisation, cell));
  out.push(...gpuTeamSpendMarkdown(r.gpuByTeam, cell));
  const inv = r.inventory;
  out.push("## Shadow AI inventory", "", `${inv.total} AI resources: ${inv.governed} governed, ${inv.shadow} shadow.`);
  if (inv.change) out.push(`Since ${inv.change.previousDate}: shadow ${inv.change.shadowDelta >= 0 ? "+" : ""}${inv.change.shadowDelta}, governed ${inv.change.governedDelta >= 0 ? "+" : ""}${inv.change.governedDelta}; new: ${inv.change.newShadow.length}, gone: ${inv.change.goneShadow.length}.`);
  out.push("", "| Rule | Resources |", "|---|---:|", ...Object.entries(inv.byRule).map(([k, v]) => `| ${k} | ${v} |`), "");
  if (inv.shadowItems.length) {
    out.push("| Shadow resource | Kind | Subscription | Rules |", "|---|---|---|---|");
    for (const i of inv.shadowItems) out.push(`| ${cell(i.name)} | ${i.kind} | ${i.subscriptionId} | ${i.rules.join(", ")} |`);
    out.push("");
  }
  return out.join("\n");
}
