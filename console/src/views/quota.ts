import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";
import { api } from "../api";
import { canvas, el, figure, section, usable } from "../dom";
import type { Names } from "../names";
import { PALETTE } from "./trends";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

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
export async function loadQuota(names: Names): Promise<void> {
  const s = section("quota");
  const r = await api<{ value: Reclaim[] }>("GET", "quota-reclaims");
  if (!usable("quota", r, "Quota reclaims")) return;
  const rows = r.body.value;
  const label = (x: Reclaim) => `${names.subscription(x.subscriptionId)} ${x.family} (${x.location})`;
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

