import { api, problem } from "../api";
import { el, field, setBody, setNote, table } from "../dom";

interface Item {
  guardrail: string;
  rule: string;
  resourceId: string;
  resourceName: string;
  subscriptionName: string;
  action?: string;
  monthlySavings?: number;
  reason: string;
}
interface Diff {
  findings: { open: Item[]; resolve: Item[] };
  actions: { start: Item[]; stop: Item[] };
}
interface Preview extends Diff {
  facts: { sweepId: string; collectedAt: string; subscriptions: number } | null;
  estimatedMonthlySavings: { amount: number; currency: string };
  notifications: unknown[];
  unchanged: number;
  events: Diff & { days: number; recorded: number; truncated: boolean; withoutFacts: number };
}

function diffTable(caption: string, d: Diff, withSavings: boolean): HTMLElement {
  const rows = (list: Item[], change: string) =>
    list.map((i) => [
      el("td", { text: change, attrs: { "data-col": "change" } }),
      el("td", { text: `${i.guardrail}${i.rule ? `/${i.rule}` : ""}` }),
      el("td", { text: i.resourceName, attrs: { title: i.resourceId, "data-col": "resource" } }),
      el("td", { text: i.subscriptionName }),
      el("td", { text: i.action ?? "" }),
      ...(withSavings ? [el("td", { className: "num", text: i.monthlySavings === undefined ? "" : i.monthlySavings.toFixed(2) })] : []),
      el("td", { className: "wrap", text: i.reason }),
    ]);
  const all = [...rows(d.findings.open, "finding would open"), ...rows(d.findings.resolve, "finding would resolve"), ...rows(d.actions.start, "action would run"), ...rows(d.actions.stop, "action would stop")];
  if (all.length === 0) return el("p", { className: "note", text: `${caption}: no change.` });
  return table(caption, ["Change", "Guardrail", "Resource", "Subscription", "Action", ...(withSavings ? ["Monthly savings"] : []), "Reason"], all);
}

/** Paste or pick a proposed guardrails.yaml and see what it would change; nothing is written. */
export function renderPreview(): void {
  const text = el("textarea", { attrs: { id: "preview-policy", rows: "10", spellcheck: "false", placeholder: "paste a proposed guardrails.yaml" } });
  const file = el("input", { attrs: { id: "preview-file", type: "file", accept: ".yaml,.yml" } });
  const days = el("input", { attrs: { id: "preview-days", type: "number", min: "1", value: "7" } });
  const run = el("button", { text: "Preview", className: "primary", attrs: { type: "submit" } });
  const out = el("div", { attrs: { "data-role": "preview-result", "aria-live": "polite" } });
  file.addEventListener("change", () => {
    const f = file.files?.[0];
    if (f) void f.text().then((t) => (text.value = t));
  });
  const form = el("form", { attrs: { "aria-label": "Preview a proposed policy" } }, [field("Proposed guardrails.yaml", text), el("div", { className: "inline-form" }, [field("or a file", file), field("Replay events of the last days", days), run])]);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!text.value.trim()) {
      out.replaceChildren(el("p", { className: "note error", text: "Paste a policy or pick a file first." }));
      return;
    }
    run.disabled = true;
    out.replaceChildren(el("p", { className: "note", text: "Evaluating…" }));
    void api<Preview>("POST", `policy/preview?days=${encodeURIComponent(days.value || "7")}`, text.value).then((r) => {
      run.disabled = false;
      if (r.status !== 200 || !r.body) {
        out.replaceChildren(el("p", { className: "note error", attrs: { "data-role": "preview-error" }, text: `The proposal was not evaluated. ${problem(r)}` }));
        return;
      }
      const p = r.body;
      const s = p.estimatedMonthlySavings;
      out.replaceChildren(
        el("p", { attrs: { "data-role": "preview-summary" }, text: `${p.findings.open.length + p.events.findings.open.length} findings would open, ${p.findings.resolve.length + p.events.findings.resolve.length} resolve; ${p.actions.start.length + p.events.actions.start.length} actions would run, ${p.actions.stop.length + p.events.actions.stop.length} stop; ${p.notifications.length} more notifications; estimated savings ${s.amount.toFixed(2)} ${s.currency}/month.` }),
        p.facts ? diffTable(`Over sweep ${p.facts.sweepId} (${p.facts.subscriptions} subscriptions)`, p, true) : el("p", { className: "note", text: "No sweep facts yet: only the recorded events were replayed." }),
        diffTable(`Over the resource events of the last ${p.events.days} days (${p.events.recorded} recorded${p.events.truncated ? ", the newest only" : ""}${p.events.withoutFacts ? `; ${p.events.withoutFacts} not judged, their facts were not read` : ""})`, p.events, false),
      );
    });
  });
  setNote("preview", "What a proposed policy would change, over the latest sweep's facts and the recorded resource events. Nothing is written to Azure and no finding changes.");
  setBody("preview", [form, out]);
}
