import { api, problem } from "../api";
import { el, field, resourceCell, setBody, setNote, table, usable, when } from "../dom";
import type { Names } from "../names";

interface Exemption {
  id: string;
  scope: string;
  guardrail: string;
  expiresAt: string;
  justification: string;
  ref?: string;
  createdBy: string;
}

const input = (id: string, attrs: Record<string, string> = {}) => el("input", { attrs: { id, name: id, type: "text", ...attrs } });

/** Create: scope, guardrail, last day, ticket and reason; the API's 400 names the field that is wrong. */
function createForm(guardrails: string[], reload: () => Promise<void>): HTMLElement {
  const scope = input("exemption-scope", { required: "", placeholder: "/subscriptions/… or …/resourceGroups/…", size: "60" });
  const guardrail = el("select", { attrs: { id: "exemption-guardrail", name: "guardrail" } }, ["*", ...guardrails].map((g) => el("option", { text: g === "*" ? "* (every guardrail)" : g, attrs: { value: g } })));
  const until = input("exemption-until", { type: "date", required: "" });
  const ref = input("exemption-ref", { placeholder: "CHG-1234" });
  const reason = input("exemption-reason", { required: "", size: "40" });
  const status = el("p", { className: "note", attrs: { role: "status", "data-role": "exemption-status" } });
  const submit = el("button", { text: "Create exemption", className: "primary", attrs: { type: "submit" } });
  const form = el("form", { className: "inline-form", attrs: { "aria-label": "Create an exemption" } }, [field("Scope", scope), field("Guardrail", guardrail), field("Last day", until), field("Ref", ref), field("Reason", reason), submit, status]);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    submit.disabled = true;
    const body = { scope: scope.value.trim(), guardrail: guardrail.value, until: until.value, justification: reason.value.trim(), ...(ref.value.trim() ? { ref: ref.value.trim() } : {}) };
    void api<Exemption>("POST", "exemptions", body).then(async (r) => {
      submit.disabled = false;
      if (r.status === 201 && r.body) {
        await reload();
        setNote("exemptions", `Exempted ${r.body.scope} from ${r.body.guardrail} until ${r.body.expiresAt.slice(0, 10)}.`);
      } else {
        status.textContent = `Not created: ${problem(r)}`;
        status.className = "note error";
      }
    });
  });
  return form;
}

/** Active exemptions with Revoke, and the create form (both need ailz.Approver; the API says so otherwise). */
export async function loadExemptions(names: Names, guardrails: () => string[]): Promise<void> {
  const r = await api<{ value: Exemption[] }>("GET", "exemptions");
  if (!usable("exemptions", r, "Exemptions")) return;
  const items = r.body.value ?? [];
  await names.resolve(items.map((x) => x.createdBy));
  const reload = () => loadExemptions(names, guardrails);
  const rows = items.map((x) => {
    const revoke = el("button", { text: "Revoke", attrs: { type: "button", "data-exemption": x.id, "aria-label": `Revoke the ${x.guardrail} exemption on ${x.scope}` } });
    revoke.addEventListener("click", () => {
      revoke.disabled = true;
      void api("DELETE", `exemptions/${encodeURIComponent(x.id)}`).then(async (res) => {
        if (res.status === 204) {
          await reload();
          setNote("exemptions", `Revoked the ${x.guardrail} exemption on ${x.scope}.`);
        } else {
          setNote("exemptions", `Could not revoke: ${problem(res)}`, true);
          revoke.disabled = false;
        }
      });
    });
    return [resourceCell(x.scope, (s) => names.subscription(s)), el("td", {}, [el("code", { className: "token", text: x.guardrail })]), when(x.expiresAt), el("td", { className: "wrap", text: x.justification }), el("td", { text: x.ref ?? "—" }), el("td", { text: names.principal(x.createdBy), attrs: { title: x.createdBy } }), el("td", {}, [revoke])];
  });
  setNote("exemptions", items.length ? "" : "No active exemptions.");
  setBody("exemptions", [items.length ? table(`${items.length} active exemption${items.length === 1 ? "" : "s"}`, ["Scope", "Guardrail", "Expires", "Justification", "Ref", "Created by", "Action"], rows) : null, createForm(guardrails(), reload)]);
}
