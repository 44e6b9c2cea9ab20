import { api } from "../api";
import { el, evidenceDetails, pill, resourceCell, setBody, setNote, table, usable, when } from "../dom";
import type { Names } from "../names";

interface Finding {
  guardrail: string;
  rule?: string;
  resourceId: string;
  severity?: string;
  dryRun?: boolean;
  reason: string;
  evidence?: Record<string, unknown> & { exemptTagError?: string };
  firstSeenAt: string;
}

const known = new Set<string>();

function refreshGuardrailOptions(select: HTMLSelectElement): void {
  const current = select.value;
  const names = [...known].sort();
  if (current && !names.includes(current)) names.push(current);
  select.replaceChildren(el("option", { text: "All guardrails", attrs: { value: "" } }), ...names.map((n) => el("option", { text: n, attrs: { value: n } })));
  select.value = current;
}

/** Open findings (up to 10 pages of 500), newest first, filtered by the guardrail picker. */
export async function loadFindings(names: Names): Promise<void> {
  const select = document.getElementById("guardrail-filter") as HTMLSelectElement;
  const guardrail = select.value;
  let items: Finding[] = [];
  let token: string | undefined;
  let truncated = false;
  for (let page = 0; page < 10; page++) {
    const q = `findings?status=open&pageSize=500${guardrail ? `&guardrail=${encodeURIComponent(guardrail)}` : ""}${token ? `&continuationToken=${encodeURIComponent(token)}` : ""}`;
    const r = await api<{ value: Finding[]; continuationToken?: string }>("GET", q);
    if (!usable("findings", r, "Findings")) return;
    items = items.concat(r.body.value ?? []);
    token = r.body.continuationToken;
    if (!token) break;
    if (page === 9) truncated = true;
  }
  for (const f of items) known.add(f.guardrail);
  refreshGuardrailOptions(select);
  items.sort((a, b) => String(b.firstSeenAt).localeCompare(String(a.firstSeenAt)));
  const rows = items.map((f) => {
    const ev = f.evidence ?? {};
    return [
      el("td", {}, [el("span", { text: f.guardrail, attrs: { "data-col": "guardrail" } })]),
      resourceCell(f.resourceId, (s) => names.subscription(s)),
      el("td", {}, [el("code", { className: "token", text: f.rule || "—", attrs: { "data-col": "rule" } })]),
      el("td", {}, [pill(f.severity ?? "medium"), " ", f.dryRun === false ? pill("enforced", "enforced") : pill("dry run", "dry")]),
      el("td", { className: "wrap" }, [el("span", { text: f.reason }), ev.exemptTagError ? el("span", { className: "warnline", text: `Exemption tag not applied: ${ev.exemptTagError}` }) : null, evidenceDetails(ev)]),
      when(f.firstSeenAt),
    ];
  });
  const label = `${items.length} open finding${items.length === 1 ? "" : "s"}${guardrail ? ` for ${guardrail}` : ""}${truncated ? " (first pages only)" : ""}`;
  setNote("findings", items.length ? "" : `No open findings${guardrail ? ` for ${guardrail}` : ""}.`);
  setBody("findings", items.length ? [table(label, ["Guardrail", "Resource", "Rule", "Severity / mode", "Reason", "First seen"], rows)] : []);
}
