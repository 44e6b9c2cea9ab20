import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "chart.js";
import { api, problem } from "../api";
import { canvas, el, figure, pill, setBody, setNote, table, usable, when } from "../dom";
import type { Names } from "../names";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

interface Step {
  name: string;
  status: string;
  startedAt?: string;
  endedAt?: string;
}
interface VendingRequest {
  id: string;
  idempotencyKey: string;
  status: string;
  request?: { workloadName?: string; name?: string; displayName?: string };
  steps?: Step[];
  subscriptionId?: string;
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
  completedAt?: string;
  failedStep?: string;
  error?: { message: string };
  approvalReasons?: string[];
}
interface Metrics {
  total: number;
  selfServiceSuccessRate: number | null;
  provisioningSeconds: { p50: number | null; p95: number | null; count: number };
}

/** Provisioning time buckets (upper bounds, seconds) for the distribution: minutes to a day and beyond. */
const BUCKETS: Array<[number, string]> = [[60, "< 1 min"], [300, "1-5 min"], [1800, "5-30 min"], [3600, "30-60 min"], [4 * 3600, "1-4 h"], [86_400, "4-24 h"], [Infinity, "> 1 day"]];

const seconds = (s: Step) => (s.startedAt && s.endedAt ? Math.max(0, (Date.parse(s.endedAt) - Date.parse(s.startedAt)) / 1000) : undefined);
const duration = (sec: number | undefined) => (sec === undefined ? "" : sec < 90 ? `${Math.round(sec)} s` : sec < 5400 ? `${Math.round(sec / 60)} min` : `${(sec / 3600).toFixed(1)} h`);

/** The request's steps in order, each with its state and how long it took. */
function timeline(v: VendingRequest): HTMLElement {
  return el("ol", { className: "timeline", attrs: { "aria-label": `Steps of ${v.id}` } }, (v.steps ?? []).map((s) => el("li", { attrs: { "data-step": s.name } }, [pill(s.status, s.status), " ", el("span", { text: s.name }), seconds(s) !== undefined ? el("span", { className: "muted", text: ` ${duration(seconds(s))}` }) : null])));
}

function decisionCell(v: VendingRequest, reload: () => Promise<void>): HTMLTableCellElement {
  const cell = el("td", { attrs: { "data-col": "decision" } });
  if (v.status !== "AwaitingApproval") return cell;
  const reasonId = `reject-${v.id.replace(/[^A-Za-z0-9_-]/g, "-")}`;
  const reason = el("input", { attrs: { id: reasonId, type: "text", placeholder: "reason (to reject)" } });
  const note = el("span", { className: "muted", attrs: { role: "status" } });
  const send = async (action: "approve" | "reject") => {
    if (action === "reject" && !reason.value.trim()) {
      note.textContent = "Give a reason to reject.";
      reason.focus();
      return;
    }
    approve.disabled = reject.disabled = true;
    const r = await api<{ error?: { message: string } }>("POST", `vending/requests/${encodeURIComponent(v.id)}/${action}`, action === "reject" ? { reason: reason.value.trim() } : {});
    if (r.status === 202) {
      note.textContent = action === "approve" ? "Approved." : "Rejected.";
      setTimeout(() => void reload(), 1500);
    } else {
      note.textContent = `Could not ${action}: ${problem(r)}`;
      note.className = "warnline";
      approve.disabled = reject.disabled = false;
    }
  };
  const approve = el("button", { text: "Approve", className: "primary", attrs: { type: "button", "data-action": "approve", "aria-label": `Approve ${v.id}` }, on: { click: () => void send("approve") } });
  const reject = el("button", { text: "Reject", attrs: { type: "button", "data-action": "reject", "aria-label": `Reject ${v.id}` } , on: { click: () => void send("reject") } });
  cell.append(el("label", { text: "Reason", className: "visually-hidden", attrs: { for: reasonId } }), reason, " ", approve, " ", reject, " ", note);
  return cell;
}

let chart: Chart | undefined;

/** Requests with a step timeline and, for approvers, Approve / Reject; the provisioning-time distribution. */
export async function loadVending(names: Names): Promise<void> {
  const [r, m] = await Promise.all([api<{ value: VendingRequest[] }>("GET", "vending/requests"), api<Metrics>("GET", "metrics/vending")]);
  if (!usable("vending", r, "Vending requests")) return;
  const items = [...(r.body.value ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  await names.resolve(items.map((v) => v.requestedBy));
  const nodes: Node[] = [];
  if (m.status === 200 && m.body) {
    const ps = m.body.provisioningSeconds;
    const rate = m.body.selfServiceSuccessRate;
    nodes.push(el("p", { attrs: { "data-role": "vending-metrics" } }, [el("strong", { text: m.body.total }), ` requests · self-service success ${rate === null ? "n/a" : `${Math.round(rate * 100)}%`} · provisioning p50 ${ps.p50 === null ? "n/a" : duration(ps.p50)}, p95 ${ps.p95 === null ? "n/a" : duration(ps.p95)}`]));
  }
  const durations = items.filter((v) => v.status === "Completed" && v.completedAt).map((v) => {
    const approvalEnd = v.steps?.find((s) => s.name === "approval")?.endedAt;
    return (Date.parse(v.completedAt!) - Date.parse(approvalEnd ?? v.createdAt)) / 1000;
  });
  const counts = BUCKETS.map(([upper], i) => durations.filter((d) => d < upper && d >= (i === 0 ? -Infinity : BUCKETS[i - 1]![0])).length);
  const c = canvas("Provisioning time of completed requests");
  if (durations.length) nodes.push(figure("Provisioning time of completed requests", c, ["time", "requests"], BUCKETS.map(([, label], i) => [label, counts[i]!])));
  const reload = () => loadVending(names);
  const rows = items.slice(0, 100).map((v) => {
    const req = v.request ?? {};
    const detail = v.status === "Failed" && v.error ? el("span", { className: "warnline", text: `${v.failedStep ?? ""}: ${v.error.message}` }) : v.status === "AwaitingApproval" && v.approvalReasons ? el("span", { className: "warnline", text: v.approvalReasons.join("; ") }) : null;
    return [
      el("td", {}, [el("span", { className: "name", text: req.workloadName ?? req.name ?? req.displayName ?? v.idempotencyKey }), el("code", { text: v.id })]),
      el("td", { attrs: { "data-col": "status" } }, [pill(v.status), detail]),
      el("td", {}, [timeline(v)]),
      el("td", {}, [v.subscriptionId ? el("span", { text: names.subscription(v.subscriptionId), attrs: { title: v.subscriptionId } }) : "—"]),
      el("td", { text: names.principal(v.requestedBy), attrs: { title: v.requestedBy } }),
      when(v.updatedAt),
      decisionCell(v, reload),
    ];
  });
  setNote("vending", items.length ? "" : "No vending requests yet.");
  if (items.length) nodes.push(table(`${items.length} vending request${items.length === 1 ? "" : "s"}${items.length > 100 ? " (newest 100 shown)" : ""}`, ["Request", "Status", "Steps", "Subscription", "Requested by", "Updated", "Decision"], rows));
  setBody("vending", nodes);
  chart?.destroy();
  chart = durations.length ? new Chart(c, { type: "bar", data: { labels: BUCKETS.map(([, l]) => l), datasets: [{ label: "completed requests", data: counts, backgroundColor: "#0969da" }] }, options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } }) : undefined;
}
