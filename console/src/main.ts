// The operator console's front end, bundled by console/buildConsoleAssets.ts (esbuild, with
// Chart.js) into /api/console/assets/console.js. Each view fills its section of the server's
// shell (functions/console/consoleSections.ts) from the JSON APIs; a view that fails says so in
// its own section and leaves the others alone.
import { KEY, showKeyProblem } from "./api";
import { section } from "./dom";
import { Names } from "./names";
import { loadAdoption } from "./views/adoption";
import { loadAudit } from "./views/audit";
import { loadBudgets } from "./views/budgets";
import { loadExemptions } from "./views/exemptions";
import { loadFindings } from "./views/findings";
import { renderPreview } from "./views/preview";
import { loadQuota } from "./views/quota";
import { loadReport } from "./views/report";
import { revokeReportBlobs } from "./views/reportLinks";
import { loadSandboxes } from "./views/sandboxes";
import { loadSweeps, startSweep } from "./views/sweeps";
import { loadFindingCharts } from "./views/trends";
import { loadVending } from "./views/vending";

const names = new Names();

function guard(id: string, fn: () => Promise<void>): Promise<void> {
  return fn().catch((e: unknown) => {
    const s = section(id);
    s.note.textContent = `This section failed to load: ${e instanceof Error ? e.message : String(e)}`;
    s.note.className = "note error";
    s.note.hidden = false;
    s.root.setAttribute("aria-busy", "false");
  });
}

/** The registry's guardrail names, for the exemption form (the server writes them into the shell). */
const guardrails = () => (document.getElementById("sections")!.dataset.guardrails ?? "").split(",").filter(Boolean);

const afterSweep = () => void Promise.all([guard("findings", () => loadFindings(names)), guard("audit", () => loadAudit(names)), guard("report", loadReport)]);

async function loadAll(): Promise<void> {
  revokeReportBlobs();
  await names.load();
  await Promise.all([
    guard("trends", () => loadFindingCharts(names)),
    guard("adoption", () => loadAdoption(names)),
    guard("sandboxes", () => loadSandboxes(names)),
    guard("budgets", () => loadBudgets(names)),
    guard("quota", () => loadQuota(names)),
    guard("findings", () => loadFindings(names)),
    guard("exemptions", () => loadExemptions(names, guardrails)),
    guard("sweeps", () => loadSweeps(afterSweep)),
    guard("report", loadReport),
    guard("vending", () => loadVending(names)),
    guard("audit", () => loadAudit(names)),
  ]);
  document.getElementById("refreshed")!.textContent = `Updated ${new Date().toLocaleTimeString()}`;
  document.body.dataset.loaded = "true";
  document.body.dataset.dashboard = "loaded";
}

function init(): void {
  if (!KEY) {
    showKeyProblem("This page has no key, so it cannot read ailz's APIs.");
    document.body.dataset.loaded = "true";
    return;
  }
  renderPreview();
  document.getElementById("refresh")!.addEventListener("click", () => void loadAll());
  document.getElementById("guardrail-filter")!.addEventListener("change", () => void guard("findings", () => loadFindings(names)));
  document.getElementById("start-sweep")!.addEventListener("click", () => void guard("sweeps", () => startSweep(afterSweep)));
  void loadAll();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
