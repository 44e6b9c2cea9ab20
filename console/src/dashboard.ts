// The console's charts and sandbox actions (bundled by console/buildConsoleAssets.ts with
// Chart.js into /api/console/assets/dashboard.js). Like the rest of the console it reads the key
// from the page's own ?code= and sends it only in x-functions-key; every value from the APIs
// reaches the page as text (textContent, attributes, chart labels drawn on a canvas).
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Title, Tooltip } from "chart.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Title, Tooltip);

const KEY = new URLSearchParams(window.location.search).get("code") ?? "";
const DAY = 86_400_000;
const DAYS = 14;
const PALETTE = ["#0969da", "#cf222e", "#9a6700", "#1a7f37", "#8250df", "#bf3989", "#57606a", "#0a3069"];
const SEVERITY_COLOURS: Record<string, string> = { low: "#8c959f", medium: "#9a6700", high: "#cf222e", critical: "#82071e" };

interface Finding {
  guardrail: string;
  severity: string;
  resourceId: string;
  status: string;
  firstSeenAt: string;
  resolvedAt?: string;
}
interface Sandbox {
  id: string;
  kind: string;
  status: string;
  daysIdle: number;
  extensions: number;
  maxExtensions: number;
  decommissionDueAt: string | null;
  decommissionedAt: string | null;
}
interface Budget {
  subscriptionId: string;
  name: string;
  amount: number;
  actual: number;
  forecast: number | null;
}
interface Directory {
  subscriptions: Array<{ id: string; name: string }>;
}

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { "x-functions-key": KEY, accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  // same-origin: the Easy Auth session cookie says who is acting (extend, keep need the owner or an approver).
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store", credentials: "same-origin", referrerPolicy: "no-referrer" });
  const text = await res.text();
  return { status: res.status, body: (text && (res.headers.get("content-type") ?? "").includes("json") ? JSON.parse(text) : null) as T };
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { text?: string | number; className?: string; attrs?: Record<string, string> } = {}, children: Array<Node | string> = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = String(props.text);
  for (const [k, v] of Object.entries(props.attrs ?? {})) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

function section(id: string): { note: HTMLElement; body: HTMLElement; root: HTMLElement } {
  const root = document.getElementById(id)!;
  return { root, note: root.querySelector<HTMLElement>("[data-role=note]")!, body: root.querySelector<HTMLElement>("[data-role=body]")! };
}

const subOf = (id: string) => (/^\/subscriptions\/([^/]+)/i.exec(id)?.[1] ?? id).toLowerCase();
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

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

function canvas(label: string): HTMLCanvasElement {
  return el("canvas", { attrs: { role: "img", "aria-label": label, height: "220" } });
}

/** A chart with a table of the same numbers for screen readers and keyboard users. */
function figure(caption: string, chart: HTMLCanvasElement, head: string[], rows: Array<Array<string | number>>): HTMLElement {
  const table = el("table", { className: "sr-table" }, [
    el("caption", { text: caption }),
    el("thead", {}, [el("tr", {}, head.map((h) => el("th", { text: h, attrs: { scope: "col" } })))]),
    el("tbody", {}, rows.map((r) => el("tr", {}, r.map((c) => el("td", { text: c }))))),
  ]);
  const details = el("details", {}, [el("summary", { text: `${caption}: the numbers` }), table]);
  return el("figure", { className: "chart" }, [el("div", { className: "chart-box" }, [chart]), el("figcaption", { text: caption }), details]);
}

async function loadFindingCharts(names: Map<string, string>): Promise<void> {
  const s = section("trends");
  const all: Finding[] = [];
  let token: string | undefined;
  do {
    const r = await api<{ value: Finding[]; continuationToken?: string }>("GET", `findings?pageSize=1000${token ? `&continuationToken=${encodeURIComponent(token)}` : ""}`);
    if (r.status !== 200) throw new Error(`findings: HTTP ${r.status}`);
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
  s.note.textContent = `${open.length} open of ${all.length} findings; the last ${DAYS} days. Subscriptions: ${new Set(open.map((f) => names.get(subOf(f.resourceId)) ?? subOf(f.resourceId))).size}.`;
  s.root.setAttribute("aria-busy", "false");
}

async function loadBudgets(names: Map<string, string>): Promise<void> {
  const s = section("budgets");
  const r = await api<{ value: Budget[] }>("GET", "budgets");
  if (r.status !== 200) throw new Error(`budgets: HTTP ${r.status}`);
  const rows = r.body.value;
  const labels = rows.map((b) => names.get(b.subscriptionId) ?? b.subscriptionId);
  const c = canvas("Budget burn per subscription: actual and forecast against the budget");
  s.body.replaceChildren(figure("Budget burn: actual and forecast against budget", c, ["subscription", "budget", "amount", "actual", "forecast"], rows.map((b, i) => [labels[i]!, b.name, b.amount.toFixed(2), b.actual.toFixed(2), (b.forecast ?? 0).toFixed(2)])));
  new Chart(c, {
    type: "bar",
    data: {
      labels,
      datasets: [
        { label: "actual", data: rows.map((b) => b.actual), backgroundColor: PALETTE[0] },
        { label: "forecast", data: rows.map((b) => b.forecast ?? 0), backgroundColor: PALETTE[2] },
        { label: "budget", data: rows.map((b) => b.amount), backgroundColor: "#d0d7de" },
      ],
    },
    options: { animation: false, maintainAspectRatio: false, indexAxis: "y" },
  });
  s.note.textContent = `${rows.length} budgets; ${rows.filter((b) => (b.forecast ?? 0) > b.amount).length} forecast over budget.`;
  s.root.setAttribute("aria-busy", "false");
}

function extendPath(id: string): string {
  const m = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?$/i.exec(id)!;
  return m[2] ? `sandboxes/${m[1]}/resourceGroups/${encodeURIComponent(m[2])}/extend` : `sandboxes/${m[1]}/extend`;
}

async function loadSandboxes(names: Map<string, string>): Promise<void> {
  const s = section("sandboxes");
  const r = await api<{ value: Sandbox[] }>("GET", "sandboxes");
  if (r.status !== 200) throw new Error(`sandboxes: HTTP ${r.status}`);
  const nameOf = (id: string) => {
    const rg = /\/resourceGroups\/([^/]+)$/i.exec(id)?.[1];
    const sub = names.get(subOf(id)) ?? subOf(id);
    return rg ? `${rg} (${sub})` : sub;
  };
  const rows = r.body.value.map((x) => {
    const button = el("button", { text: "Extend", attrs: { type: "button", "aria-label": `Extend ${nameOf(x.id)}`, "data-sandbox": x.id } });
    button.disabled = x.status === "Decommissioned" || x.extensions >= x.maxExtensions;
    button.addEventListener("click", async () => {
      button.disabled = true;
      const res = await api<{ extensions?: number; error?: { message: string } }>("POST", extendPath(x.id), { reason: "extended from the console" });
      s.note.textContent = res.status === 200 ? `Extended ${nameOf(x.id)} (extension ${res.body.extensions} of ${x.maxExtensions}).` : `Could not extend ${nameOf(x.id)}: ${res.body?.error?.message ?? `HTTP ${res.status}`}`;
      s.note.classList.toggle("error", res.status !== 200);
      if (res.status === 200) await loadSandboxes(names).then(() => (s.note.textContent = `Extended ${nameOf(x.id)}.`));
    });
    const name = el("td", { text: nameOf(x.id), attrs: { title: x.id, "data-col": "name" } });
    return el("tr", {}, [
      name,
      el("td", { text: x.status, attrs: { "data-col": "state" } }),
      el("td", { text: x.daysIdle }),
      el("td", { text: `${x.extensions}/${x.maxExtensions}`, attrs: { "data-col": "extensions" } }),
      el("td", { text: x.decommissionedAt ? `decommissioned ${x.decommissionedAt.slice(0, 10)}` : (x.decommissionDueAt ?? "").slice(0, 10) }),
      el("td", {}, [button]),
    ]);
  });
  const head = ["Sandbox", "State", "Days idle", "Extensions", "Decommission", "Action"].map((h) => el("th", { text: h, attrs: { scope: "col" } }));
  s.body.replaceChildren(el("table", {}, [el("caption", { text: "Tracked sandboxes", className: "visually-hidden" }), el("thead", {}, [el("tr", {}, head)]), el("tbody", {}, rows)]));
  s.note.textContent = `${rows.length} sandboxes.`;
  s.root.setAttribute("aria-busy", "false");
}

interface Reclaim {
  id: string;
  subscriptionId: string;
  location: string;
  family: string;
  limit: number;
  peakUsage: number;
  targetLimit: number;
  status: string;
  graceEndsAt?: string;
}

/** GPU quota: allocated vs the window's peak vs what the reclaim would leave, with Keep for the ones in their grace period. */
async function loadQuota(names: Map<string, string>): Promise<void> {
  const s = section("quota");
  const r = await api<{ value: Reclaim[] }>("GET", "quota-reclaims");
  if (r.status !== 200) throw new Error(`quota-reclaims: HTTP ${r.status}`);
  const rows = r.body.value;
  const label = (x: Reclaim) => `${names.get(x.subscriptionId.toLowerCase()) ?? x.subscriptionId} ${x.family} (${x.location})`;
  const c = canvas("GPU quota per subscription: allocated, peak in use, and the reclaim's target");
  const body = rows.map((x) => {
    const cell = el("td", { attrs: { "data-col": "keep" } });
    if (x.status === "Notified") {
      const inputId = `keep-${x.id.replace(/[^A-Za-z0-9_-]/g, "-")}`;
      const input = el("input", { attrs: { id: inputId, type: "text", required: "", placeholder: "why it is still needed" } });
      const button = el("button", { text: "Keep", attrs: { type: "button", "data-reclaim": x.id } });
      button.addEventListener("click", async () => {
        if (!input.value.trim()) {
          s.note.textContent = `Give a reason to keep ${label(x)}.`;
          input.focus();
          return;
        }
        button.disabled = true;
        const res = await api<{ error?: { message: string } }>("POST", `quota-reclaims/${encodeURIComponent(x.id)}/keep`, { reason: input.value.trim() });
        s.note.textContent = res.status === 202 ? `Keeping ${label(x)}.` : `Could not keep ${label(x)}: ${res.body?.error?.message ?? `HTTP ${res.status}`}`;
        if (res.status !== 202) button.disabled = false;
      });
      cell.append(el("label", { text: "Reason", attrs: { for: inputId, class: "visually-hidden" } }), input, " ", button);
    }
    return el("tr", {}, [el("td", { text: label(x), attrs: { title: x.id } }), el("td", { text: x.limit }), el("td", { text: x.peakUsage }), el("td", { text: x.targetLimit }), el("td", { text: x.status, attrs: { "data-col": "status" } }), el("td", { text: (x.graceEndsAt ?? "").slice(0, 10) }), cell]);
  });
  const head = ["Allocation", "Allocated", "Peak in use", "Lower to", "Status", "Grace ends", "Keep"].map((h) => el("th", { text: h, attrs: { scope: "col" } }));
  s.body.replaceChildren(
    figure("GPU quota: allocated vs peak in use vs target", c, ["allocation", "allocated", "peak", "target"], rows.map((x) => [label(x), x.limit, x.peakUsage, x.targetLimit])),
    el("table", {}, [el("caption", { text: "Quota reclaims", className: "visually-hidden" }), el("thead", {}, [el("tr", {}, head)]), el("tbody", {}, body)]),
  );
  new Chart(c, {
    type: "bar",
    data: {
      labels: rows.map(label),
      datasets: [
        { label: "allocated", data: rows.map((x) => x.limit), backgroundColor: "#d0d7de" },
        { label: "peak in use", data: rows.map((x) => x.peakUsage), backgroundColor: PALETTE[0] },
        { label: "lower to", data: rows.map((x) => x.targetLimit), backgroundColor: PALETTE[3] },
      ],
    },
    options: { animation: false, maintainAspectRatio: false, indexAxis: "y" },
  });
  s.note.textContent = `${rows.length} reclaims; ${rows.filter((x) => x.status === "Notified").length} in their grace period.`;
  s.root.setAttribute("aria-busy", "false");
}

async function main(): Promise<void> {
  if (!KEY) return;
  const d = await api<Directory>("GET", "directory");
  const names = new Map((d.status === 200 ? d.body.subscriptions : []).map((x) => [x.id.toLowerCase(), x.name]));
  const guard = (id: string, fn: () => Promise<void>) =>
    fn().catch((e: unknown) => {
      const s = section(id);
      s.note.textContent = `This section failed to load: ${e instanceof Error ? e.message : String(e)}`;
      s.note.classList.add("error");
      s.root.setAttribute("aria-busy", "false");
    });
  await Promise.all([guard("trends", () => loadFindingCharts(names)), guard("budgets", () => loadBudgets(names)), guard("sandboxes", () => loadSandboxes(names)), guard("quota", () => loadQuota(names))]);
  document.body.dataset.dashboard = "loaded";
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => void main());
else void main();
