import { gpuTeamSpendHtml } from "./GpuTeamSpend";
import { gpuUtilisationHtml } from "./renderGpuUtilisation";
import { sandboxStateText } from "./SandboxRow";
import type { SweepReport } from "./SweepReport";
import { costAttributionHtml } from "./CostAttribution";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const short = (id: string) => id.split("/").filter(Boolean).slice(-1)[0] ?? id;
const OUTCOMES = [
  ["failed", "Failed", "bad"],
  ["done", "Done tonight", "ok"],
  ["wouldDo", "Dry run: would have done", "dry"],
  ["flagged", "Flagged", "warn"],
  ["exempt", "Exempt (held back by an exemption)", "muted"],
  ["skipped", "Skipped (locked or nothing to do)", "muted"],
] as const;

const CSS = `
:root{--fg:#1b1f24;--muted:#5b6570;--line:#e3e7ec;--bg:#f6f8fa;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;--dry:#0969da}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1120px;margin:0 auto;padding:32px 24px 64px}
header h1{margin:0;font-size:26px}header p{margin:4px 0 0;color:var(--muted)}
.badge{display:inline-block;padding:2px 10px;border-radius:999px;font-size:13px;font-weight:600;background:#ddf4ff;color:var(--dry);margin-left:8px;vertical-align:middle}
.tiles{display:grid;grid-template-columns:repeat(6,1fr);gap:12px;margin:24px 0}
.tile{background:#fff;border:1px solid var(--line);border-radius:10px;padding:14px 16px}
.tile b{display:block;font-size:28px}.tile span{color:var(--muted);font-size:13px}
.tile.bad b{color:var(--bad)}.tile.ok b{color:var(--ok)}.tile.warn b{color:var(--warn)}.tile.dry b{color:var(--dry)}
section{background:#fff;border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:16px 0}
section h2{margin:0 0 12px;font-size:18px}
table{width:100%;border-collapse:collapse;font-size:14px}th,td{text-align:left;padding:7px 8px;border-top:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600;border-top:none;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
td.num{text-align:right;font-variant-numeric:tabular-nums}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;color:var(--muted);word-break:break-all}
.rating{display:inline-flex;width:30px;height:30px;border-radius:50%;align-items:center;justify-content:center;font-weight:700;color:#fff}
.r1,.r2{background:var(--bad)}.r3{background:var(--warn)}.r4,.r5{background:var(--ok)}.rn{background:#8c959f}
.callout{border-left:4px solid var(--bad);background:#fff5f5;padding:10px 14px;border-radius:6px;margin-top:12px}
.empty{color:var(--muted)}
.alert{border-color:var(--bad)}
@media (max-width:800px){.tiles{grid-template-columns:repeat(2,1fr)}}
`;

/** The report as one self-contained HTML page: what a platform lead opens in the morning. */
export function renderHtml(r: SweepReport): string {
  const tiles = OUTCOMES.map(([k, label, cls]) => `<div class="tile ${cls}"><b>${r.totals[k]}</b><span>${esc(label)}</span></div>`).join("");
  const score = r.scorecard
    .map((s) => `<tr><td>${esc(s.title)}</td><td><span class="rating ${s.rating === null ? "rn" : `r${s.rating}`}" title="${s.rating ?? "no data"}">${s.rating ?? "–"}</span></td><td>${esc(s.measure)}</td><td class="muted"><small>${esc(s.thresholds)}</small></td></tr>`)
    .join("");
  const callOuts = r.scorecard.filter((s) => s.callOut);
  const sections = OUTCOMES.map(([k, label]) => {
    const items = r.items.filter((i) => i.outcome === k);
    if (!items.length) return "";
    const rows = items
      .map((i) => `<tr><td>${esc(i.guardrail)}<br><small>${esc(i.rule)}</small></td><td><b>${esc(short(i.resourceId))}</b><br><code>${esc(i.resourceId)}</code></td><td>${esc(i.reason)}</td><td>${esc([i.action, i.note].filter(Boolean).join(": "))}</td></tr>`)
      .join("");
    return `<section${k === "failed" ? ' class="alert"' : ""}><h2>${esc(label)} (${items.length})</h2><table><thead><tr><th>Guardrail</th><th>Resource</th><th>Why</th><th>Action</th></tr></thead><tbody>${rows}</tbody></table></section>`;
  }).join("");
  const sandboxes = r.sandboxes.length
    ? `<section><h2>Sandboxes</h2><table><thead><tr><th>Sandbox</th><th>State</th><th>Last activity</th><th>Flagged</th><th>Decommissioned</th></tr></thead><tbody>${r.sandboxes
        .map((s) => `<tr><td><b>${esc(short(s.id))}</b><br><code>${esc(s.id)}</code></td><td>${esc(sandboxStateText(s))}</td><td>${esc(s.lastActivityAt.slice(0, 10))}</td><td>${esc(s.flaggedAt?.slice(0, 10) ?? "")}</td><td>${esc(s.decommissionedAt?.slice(0, 10) ?? "")}</td></tr>`)
        .join("")}</tbody></table></section>`
    : "";
  const inv = r.inventory;
  const change = inv.change
    ? `<p>Since ${esc(inv.change.previousDate)}: shadow <b>${inv.change.shadowDelta >= 0 ? "+" : ""}${inv.change.shadowDelta}</b>, governed ${inv.change.governedDelta >= 0 ? "+" : ""}${inv.change.governedDelta}; ${inv.change.newShadow.length} new, ${inv.change.goneShadow.length} gone.</p>`
    : `<p class="empty">No previous night to compare with.</p>`;
  const byRule = Object.entries(inv.byRule).map(([k, v]) => `<tr><td>${esc(k)}</td><td class="num">${v}</td></tr>`).join("");
  const shadowRows = inv.shadowItems.map((i) => `<tr><td><b>${esc(i.name)}</b><br><code>${esc(i.id)}</code></td><td>${esc(i.kind)}</td><td>${esc(i.archetype)}</td><td>${esc(i.rules.join(", "))}</td></tr>`).join("");
  const reclaims = r.reclaims.started.length || r.reclaims.running.length
    ? `<section><h2>GPU quota reclaims</h2><p>Started tonight: ${esc(r.reclaims.started.join(", ") || "none")}</p><p>In grace period: ${esc(r.reclaims.running.join(", ") || "none")}</p></section>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>ailz nightly sweep — ${esc(r.date)}</title><style>${CSS}</style></head>
<body><main>
<header><h1>Nightly sweep — ${esc(r.date)}${r.dryRun ? '<span class="badge">dry run</span>' : ""}</h1>
<p>${r.scope.subscriptions} subscriptions · ${r.scope.batches} batches · generated ${esc(r.generatedAt)}</p></header>
${r.scope.failedBatches.length ? `<section class="alert"><h2>Failed batches</h2><p>Batches ${r.scope.failedBatches.join(", ")} failed after retries; their subscriptions were not checked tonight.</p></section>` : ""}
<div class="tiles">${tiles}</div>
<section><h2>Readiness scorecard</h2><table><thead><tr><th>Area</th><th>Rating</th><th>Measure</th><th>Thresholds</th></tr></thead><tbody>${score}</tbody></table>
${callOuts.length ? `<div class="callout"><b>Below 3:</b> ${callOuts.map((s) => `${esc(s.title)} (${s.rating})`).join(", ")}</div>` : ""}</section>
${sections}${r.omitted ? `<p class="empty">${r.omitted} more items are in the audit log.</p>` : ""}
${sandboxes}${costAttributionHtml(r.costAttribution, esc)}${reclaims}${gpuUtilisationHtml(r.gpuUtilisation, esc)}${gpuTeamSpendHtml(r.gpuByTeam, esc)}
<section><h2>Shadow AI inventory</h2><p><b>${inv.total}</b> AI resources: ${inv.governed} governed, <b>${inv.shadow}</b> shadow.</p>${change}
${byRule ? `<table><thead><tr><th>Rule</th><th>Resources</th></tr></thead><tbody>${byRule}</tbody></table>` : ""}
${shadowRows ? `<table><thead><tr><th>Shadow resource</th><th>Kind</th><th>Archetype</th><th>Rules</th></tr></thead><tbody>${shadowRows}</tbody></table>` : ""}</section>
</main></body></html>
`;
}
