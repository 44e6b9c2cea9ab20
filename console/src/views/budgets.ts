import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";
import { api } from "../api";
import { canvas, figure, section, usable } from "../dom";
import type { Names } from "../names";
import { PALETTE } from "./trends";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

interface Budget {
  subscriptionId: string;
  name: string;
  amount: number;
  actual: number;
  forecast: number | null;
}
export async function loadBudgets(names: Names): Promise<void> {
  const s = section("budgets");
  const r = await api<{ value: Budget[] }>("GET", "budgets");
  if (!usable("budgets", r, "Budgets")) return;
  const rows = r.body.value;
  const labels = rows.map((b) => names.subscription(b.subscriptionId));
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

