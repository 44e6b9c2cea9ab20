import { api } from "../api";
import { el, section, subOf, usable } from "../dom";
import type { Names } from "../names";

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
function extendPath(id: string): string {
  const m = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?$/i.exec(id)!;
  return m[2] ? `sandboxes/${m[1]}/resourceGroups/${encodeURIComponent(m[2])}/extend` : `sandboxes/${m[1]}/extend`;
}

export async function loadSandboxes(names: Names): Promise<void> {
  const s = section("sandboxes");
  const r = await api<{ value: Sandbox[] }>("GET", "sandboxes");
  if (!usable("sandboxes", r, "Sandboxes")) return;
  const nameOf = (id: string) => {
    const rg = /\/resourceGroups\/([^/]+)$/i.exec(id)?.[1];
    const sub = names.subscription(subOf(id));
    return rg ? `${rg} (${sub})` : sub;
  };
  const rows = r.body.value.map((x) => {
    const button = el("button", { text: "Extend", attrs: { type: "button", "aria-label": `Extend ${nameOf(x.id)}`, "data-sandbox": x.id } });
    button.disabled = x.status === "Decommissioned" || x.extensions >= x.maxExtensions;
    button.addEventListener("click", async () => {
      button.disabled = true;
      const res = await api<{ extensions?: number; error?: { message: string } }>("POST", extendPath(x.id), { reason: "extended from the console" });
      s.note.textContent = res.status === 200 ? `Extended ${nameOf(x.id)} (extension ${res.body?.extensions} of ${x.maxExtensions}).` : `Could not extend ${nameOf(x.id)}: ${res.body?.error?.message ?? `HTTP ${res.status}`}`;
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

