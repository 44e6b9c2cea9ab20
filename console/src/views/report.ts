import { api, notDeployed } from "../api";
import { el, pill, setBody, setNote, table, usable } from "../dom";
import { reportLinks } from "./reportLinks";

interface Report {
  date: string;
  dryRun: boolean;
  generatedAt: string;
  scope?: { subscriptions?: number };
  totals?: Record<string, number>;
  scorecard?: Array<{ title: string; rating: number | null; measure: string; thresholds: string }>;
}

const TILES: Array<[string, string]> = [["done", "Done"], ["wouldDo", "Would do (dry run)"], ["flagged", "Flagged"], ["exempt", "Exempt"], ["skipped", "Skipped"], ["failed", "Failed"]];

export async function loadReport(): Promise<void> {
  const r = await api<Report>("GET", "reports/latest?format=json");
  if (r.status === 404 && !notDeployed(r)) {
    setNote("report", "No nightly report yet: the nightly sweep publishes one each night. A dry run's report is linked under Sweeps when it finishes.");
    setBody("report", []);
    return;
  }
  if (!usable("report", r, "Reports")) return;
  const rep = r.body;
  const totals = rep.totals ?? {};
  const tiles = el("div", { className: "tiles" }, TILES.map(([k, label]) => el("div", { className: "tile" }, [el("b", { text: totals[k] ?? "—" }), el("span", { text: label })])));
  const summary = el("p", {}, ["Night of ", el("strong", { text: rep.date }), rep.dryRun ? " (dry run)" : "", ` · ${rep.scope?.subscriptions ?? 0} subscriptions · generated `, el("time", { text: rep.generatedAt, attrs: { datetime: rep.generatedAt } })]);
  const score = (rep.scorecard ?? []).map((s) => [
    el("td", { text: s.title }),
    el("td", { className: "num" }, [s.rating === null || s.rating === undefined ? "n/a" : pill(`${s.rating}/5`, s.rating < 3 ? "failed" : s.rating < 4 ? "medium" : "succeeded")]),
    el("td", { text: s.measure }),
    el("td", { text: s.thresholds }),
  ]);
  setNote("report", "");
  setBody("report", [summary, tiles, reportLinks("reports/latest?", "the nightly report"), score.length ? table("Readiness scorecard", ["Area", "Rating", "Measure", "Thresholds"], score) : el("p", { className: "note", text: "The report has no scorecard." })]);
}
