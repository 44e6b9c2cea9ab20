import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from "chart.js";
import { api } from "../api";
import { canvas, el, figure, pill, setBody, setNote, table, usable } from "../dom";
import type { Names } from "../names";
import { PALETTE } from "./trends";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

interface Adoption {
  facts: { sweepId: string; collectedAt: string } | null;
  provisioning: { p50Hours: number | null; p95Hours: number | null; completed: number; targetHours: number; met: boolean | null };
  selfService: { rate: number | null; finished: number; target: number; met: boolean | null };
  experiments: { count: number; currency: string; since: string | null; total: number; averagePerExperiment: number | null; items: Array<{ id: string; name: string; cost: number; status?: string }> };
  models: { production: number; experiments: number; other: number; byModel: Array<{ model: string; production: number; experiments: number; other: number }> };
  shadowAi: { days: string[]; counts: number[] };
}

const verdict = (met: boolean | null) => (met === null ? pill("no data", "skipped") : met ? pill("on target", "succeeded") : pill("off target", "failed"));

function tile(label: string, value: string, target: string, met: boolean | null, key: string): HTMLElement {
  return el("div", { className: "tile", attrs: { "data-metric": key } }, [el("b", { text: value }), el("span", { text: label }), el("span", { className: "target", text: target }), " ", verdict(met)]);
}

const charts: Chart[] = [];

/** Seed 003's adoption metrics on one page, each against its target. */
export async function loadAdoption(names: Names): Promise<void> {
  const r = await api<Adoption>("GET", "metrics/adoption");
  if (!usable("adoption", r, "Adoption metrics")) return;
  const a = r.body;
  const basis = a.experiments.since ? `since ${a.experiments.since} (closed ones included)` : "month to date";
  const money = (n: number | null) => (n === null ? "n/a" : `${n.toFixed(2)} ${a.experiments.currency}`);
  const tiles = el("div", { className: "tiles" }, [
    tile("provisioning time p95", a.provisioning.p95Hours === null ? "n/a" : `${a.provisioning.p95Hours} h`, `target < ${a.provisioning.targetHours} h; p50 ${a.provisioning.p50Hours ?? "n/a"} h over ${a.provisioning.completed}`, a.provisioning.met, "provisioning"),
    tile("self-service success", a.selfService.rate === null ? "n/a" : `${Math.round(a.selfService.rate * 100)}%`, `target > ${Math.round(a.selfService.target * 100)}% of ${a.selfService.finished} finished`, a.selfService.met, "selfService"),
    el("div", { className: "tile", attrs: { "data-metric": "experiments" } }, [el("b", { text: money(a.experiments.averagePerExperiment) }), el("span", { text: `cost per experiment, ${basis}` }), el("span", { className: "target", text: `${a.experiments.count} experiments, ${money(a.experiments.total)}` })]),
    el("div", { className: "tile", attrs: { "data-metric": "models" } }, [el("b", { text: `${a.models.production} / ${a.models.experiments}` }), el("span", { text: "models in production / in experiments" }), el("span", { className: "target", text: `${a.models.other} elsewhere` })]),
    el("div", { className: "tile", attrs: { "data-metric": "shadowAi" } }, [el("b", { text: a.shadowAi.counts.at(-1) ?? 0 }), el("span", { text: "shadow-AI resources today" }), el("span", { className: "target", text: `${a.shadowAi.days.length} days ago: ${a.shadowAi.counts[0] ?? 0}` })]),
  ]);
  const trend = canvas("Shadow-AI resources with an open finding, per day");
  const byModel = canvas("Model deployments in production and in experiments, by model");
  const expRows = a.experiments.items.slice(0, 20).map((x) => [el("td", { text: x.id.includes("/resourceGroups/") || x.id.includes("/resourcegroups/") ? `${x.name} (${names.subscription(x.id.split("/")[2]!)})` : x.name, attrs: { title: x.id } }), el("td", { text: x.status ?? "" }), el("td", { className: "num", text: x.cost.toFixed(2) })]);
  setNote("adoption", a.facts ? `Experiments and models from sweep ${a.facts.sweepId}.` : "No sweep facts yet: experiments and models appear after the first sweep.");
  setBody("adoption", [
    tiles,
    el("div", { className: "charts" }, [
      figure("Shadow-AI resources per day", trend, ["day", "resources"], a.shadowAi.days.map((d, i) => [d, a.shadowAi.counts[i]!])),
      figure("Models in production vs experiments", byModel, ["model", "production", "experiments", "other"], a.models.byModel.map((m) => [m.model, m.production, m.experiments, m.other])),
    ]),
    expRows.length ? table(`Cost per experiment, ${basis} (${a.experiments.currency}; the 20 dearest)`, ["Experiment", "State", "Cost"], expRows) : null,
  ]);
  for (const c of charts.splice(0)) c.destroy();
  charts.push(
    new Chart(trend, { type: "line", data: { labels: a.shadowAi.days, datasets: [{ label: "shadow-AI resources", data: a.shadowAi.counts, borderColor: PALETTE[1], backgroundColor: PALETTE[1] }] }, options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } }),
    new Chart(byModel, {
      type: "bar",
      data: { labels: a.models.byModel.map((m) => m.model), datasets: [{ label: "production", data: a.models.byModel.map((m) => m.production), backgroundColor: PALETTE[3] }, { label: "experiments", data: a.models.byModel.map((m) => m.experiments), backgroundColor: PALETTE[0] }, { label: "other", data: a.models.byModel.map((m) => m.other), backgroundColor: "#d0d7de" }] },
      options: { animation: false, maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    }),
  );
}
