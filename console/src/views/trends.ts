import { api } from "../api";
import { canvas, el, figure, section, usable, subOf } from "../dom";
import type { Names } from "../names";
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Title, Tooltip } from "chart.js";

// Chart.js is tree-shaken: each view registers what it draws (registering twice is harmless).
Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Title, Tooltip);

const DAY = 86_400_000;
const DAYS = 14;
export const PALETTE = ["#0969da", "#cf222e", "#9a6700", "#1a7f37", "#8250df", "#bf3989", "#57606a", "#0a3069"];
const SEVERITY_COLOURS: Record<string, string> = { low: "#8c959f", medium: "#9a6700", high: "#cf222e", critical: "#82071e" };
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

interface Finding {
  guardrail: string;
  severity: string;
  resourceId: string;
  status: string;
  firstSeenAt: string;
  resolvedAt?: string;
}
/** Open findings per day over the last DAYS days, by guardrail: open on a day if first seen by its end and not resolved before it. */
function openByDay(findings: Finding[], now: number): { days: string[]; series: Map<string, number[]> } {
  const ends = Array.from({ length: DAYS }, (_, i) => Math.floor(now / DAY) * DAY + DAY - (DAYS - 1 - i) * DAY);
  const series = new Map<string, number[]>();
  for (const f of findings) {
    const row = series.get(f.guardrail) ?? new Array<number>(DAYS).fill(0);
    const first = Date.parse(f.firstSeenAt);
    const resolved = f.resolvedAt ? Date.parse(f.resolvedAt) : Infinity;
    ends.forEach((end, i) => {
      if (first < end && resolved >= end) row[i]!++;
    });
    series.set(f.guardrail, row);
  }
  return { days: ends.map((e) => dayOf(e - 1)), series };
}

export async function loadFindingCharts(names: Names): Promise<void> {
  const s = section("trends");
  const all: Finding[] = [];
  let token: string | undefined;
  do {
    const r = await api<{ value: Finding[]; continuationToken?: string }>("GET", `findings?pageSize=1000${token ? `&continuationToken=${encodeURIComponent(token)}` : ""}`);
    if (!usable("trends", r, "Findings")) return;
    all.push(...r.body.value);
    token = r.body.continuationToken;
  } while (token && all.length < 20_000);
  const now = Date.now();
  const { days, series } = openByDay(all, now);
  const guardrails = [...series.keys()].sort();
  const trend = canvas("Open findings per day by guardrail");
  const open = all.filter((f) => f.status === "open");
  const severities = ["critical", "high", "medium", "low"];
  const bySeverity = canvas("Open findings by guardrail and severity");
  const shadow = all.filter((f) => f.guardrail === "shadowAi");
  const shadowTrend = canvas("Shadow AI resources with an open finding, per day");
  const shadowDays = openByDay(shadow.filter((f, i, xs) => xs.findIndex((g) => g.resourceId === f.resourceId) === i), now);
  s.body.replaceChildren(
    el("div", { className: "charts" }, [
      figure("Open findings per day, by guardrail", trend, ["day", ...guardrails], days.map((d, i) => [d, ...guardrails.map((g) => series.get(g)![i]!)])),
      figure("Open findings by guardrail and severity", bySeverity, ["guardrail", ...severities], guardrails.map((g) => [g, ...severities.map((v) => open.filter((f) => f.guardrail === g && f.severity === v).length)])),
      figure("Shadow AI inventory: resources with an open shadow-AI finding", shadowTrend, ["day", "resources"], shadowDays.days.map((d, i) => [d, shadowDays.series.get("shadowAi")?.[i] ?? 0])),
    ]),
  );
  new Chart(trend, { type: "line", data: { labels: days, datasets: guardrails.map((g, i) => ({ label: g, data: series.get(g)!, borderColor: PALETTE[i % PALETTE.length], backgroundColor: PALETTE[i % PALETTE.length], tension: 0.2 })) }, options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } });
  new Chart(bySeverity, {
    type: "bar",
    data: { labels: guardrails, datasets: severities.map((v) => ({ label: v, data: guardrails.map((g) => open.filter((f) => f.guardrail === g && f.severity === v).length), backgroundColor: SEVERITY_COLOURS[v] })) },
    options: { animation: false, maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
  });
  new Chart(shadowTrend, { type: "line", data: { labels: shadowDays.days, datasets: [{ label: "shadow AI resources", data: shadowDays.series.get("shadowAi") ?? new Array<number>(DAYS).fill(0), borderColor: PALETTE[1], backgroundColor: PALETTE[1] }] }, options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } });
  s.note.textContent = `${open.length} open of ${all.length} findings; the last ${DAYS} days. Subscriptions: ${new Set(open.map((f) => names.subscription(subOf(f.resourceId)))).size}.`;
  s.root.setAttribute("aria-busy", "false");
}

