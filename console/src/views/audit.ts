import { api } from "../api";
import { el, pill, resourceCell, setBody, setNote, table, usable, when } from "../dom";
import type { Names } from "../names";

interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  guardrail?: string;
  resourceId?: string;
  outcome?: string;
  dryRun?: boolean;
  reason: string;
}

/** The newest audit entries, actors by name (the id on hover). */
export async function loadAudit(names: Names): Promise<void> {
  const r = await api<{ value: AuditEntry[] }>("GET", "audit?limit=50");
  if (!usable("audit", r, "Audit entries")) return;
  const items = r.body.value ?? [];
  await names.resolve(items.map((a) => a.actor));
  const rows = items.map((a) => [
    when(a.at),
    el("td", { className: "actor" }, [el("span", { text: names.principal(a.actor), attrs: { title: a.actor, "data-col": "actor" } })]),
    el("td", {}, [el("code", { className: "token", text: a.action })]),
    el("td", { text: a.guardrail ?? "—" }),
    a.resourceId ? resourceCell(a.resourceId, (s) => names.subscription(s)) : el("td", { text: "—" }),
    el("td", {}, [pill(a.outcome ?? "succeeded"), a.dryRun ? " " : "", a.dryRun ? pill("dry run", "dry") : null]),
    el("td", { className: "wrap", text: a.reason }),
  ]);
  setNote("audit", items.length ? "" : "The audit log is empty.");
  setBody("audit", items.length ? [table(`The ${items.length} newest audit entries`, ["When", "Actor", "Action", "Guardrail", "Resource", "Outcome", "Reason"], rows)] : []);
}
