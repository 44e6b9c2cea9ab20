// Building the page: every value from the APIs reaches it through textContent or setAttribute
// on elements built here, never through HTML parsing, so names, tags and reasons render as text.
import { notDeployed, problem, type Reply } from "./api";

type Child = Node | string | number | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { text?: string | number | null; className?: string; attrs?: Record<string, string>; on?: Record<string, (e: Event) => void> } = {}, children: Child[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined && props.text !== null) node.textContent = String(props.text);
  for (const [k, v] of Object.entries(props.attrs ?? {})) node.setAttribute(k, v);
  for (const [k, fn] of Object.entries(props.on ?? {})) node.addEventListener(k, fn);
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(typeof c === "number" ? String(c) : c);
  }
  return node;
}

export function section(id: string): { root: HTMLElement; note: HTMLElement; body: HTMLElement } {
  const root = document.getElementById(id)!;
  return { root, note: root.querySelector<HTMLElement>("[data-role=note]")!, body: root.querySelector<HTMLElement>("[data-role=body]")! };
}

export function setNote(id: string, text: string, isError = false): void {
  const s = section(id);
  s.note.textContent = text;
  s.note.hidden = !text;
  s.note.className = isError ? "note error" : "note";
  s.root.setAttribute("aria-busy", "false");
}

export function setBody(id: string, nodes: Child[]): void {
  section(id).body.replaceChildren(...nodes.filter((n): n is Node | string => n !== null && n !== undefined && n !== false).map((n) => (typeof n === "number" ? String(n) : n)));
}

/** The common outcome of a section's API call; true when the caller should render r.body. */
export function usable<T>(id: string, r: Reply<T>, what: string): r is Reply<T> & { body: T } {
  if (r.status === 401) return false;
  if (notDeployed(r)) {
    setNote(id, `${what} are not available: this ailz deployment has no such API (404).`);
    setBody(id, []);
    return false;
  }
  if (r.status !== 200 || r.body === null) {
    setNote(id, `Could not load ${what.toLowerCase()}. ${problem(r)}`, true);
    setBody(id, []);
    return false;
  }
  return true;
}

export function table(caption: string, headers: string[], rows: Child[][], opts: { hiddenCaption?: boolean } = {}): HTMLElement {
  const head = el("tr", {}, headers.map((h) => el("th", { text: h, attrs: { scope: "col" } })));
  const body = el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((c) => (c instanceof HTMLTableCellElement ? c : el("td", {}, [c]))))));
  return el("div", { className: "table-wrap" }, [el("table", {}, [el("caption", { text: caption, className: opts.hiddenCaption ? "visually-hidden" : "" }), el("thead", {}, [head]), body])]);
}

export function when(iso: string | undefined | null): HTMLTableCellElement {
  if (!iso) return el("td", { className: "when", text: "—" });
  const d = new Date(iso);
  const label = Number.isNaN(d.getTime()) ? String(iso) : `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return el("td", { className: "when" }, [el("time", { text: label, attrs: { datetime: String(iso) } })]);
}

export const pill = (text: string, cls?: string) => el("span", { className: `pill ${cls ?? text}`, text });

const lastSegment = (id: string | undefined) => String(id ?? "").split("/").filter(Boolean).pop() ?? String(id ?? "");

/** A resource by name, with its subscription's name when `names` knows it, and the full id below. */
export function resourceCell(id: string | undefined, subscriptionName?: (subscriptionId: string) => string): HTMLTableCellElement {
  const sub = id && subscriptionName && /^\/subscriptions\//i.test(id) ? subscriptionName(subOf(id)) : undefined;
  return el("td", { className: "res" }, [el("span", { className: "name", text: lastSegment(id) }), sub && sub !== subOf(id!) ? el("span", { className: "muted", text: sub, attrs: { "data-col": "subscription" } }) : null, el("code", { text: id ?? "" })]);
}

export function evidenceDetails(evidence: Record<string, unknown> | undefined): HTMLElement | null {
  if (!evidence || typeof evidence !== "object" || Object.keys(evidence).length === 0) return null;
  return el("details", {}, [el("summary", { text: "Evidence" }), el("pre", { text: JSON.stringify(evidence, null, 2) })]);
}

export function canvas(label: string): HTMLCanvasElement {
  return el("canvas", { attrs: { role: "img", "aria-label": label, height: "220" } });
}

/** A chart with a table of the same numbers for screen readers and keyboard users. */
export function figure(caption: string, chart: HTMLCanvasElement, head: string[], rows: Array<Array<string | number>>): HTMLElement {
  const t = el("table", { className: "sr-table" }, [
    el("caption", { text: caption }),
    el("thead", {}, [el("tr", {}, head.map((h) => el("th", { text: h, attrs: { scope: "col" } })))]),
    el("tbody", {}, rows.map((r) => el("tr", {}, r.map((c) => el("td", { text: c }))))),
  ]);
  const details = el("details", {}, [el("summary", { text: `${caption}: the numbers` }), t]);
  return el("figure", { className: "chart" }, [el("div", { className: "chart-box" }, [chart]), el("figcaption", { text: caption }), details]);
}

/** A labelled form control (label and input tied by id, for screen readers and clicks on the label). */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement): HTMLElement {
  return el("div", { className: "field" }, [el("label", { text: label, attrs: { for: control.id } }), control]);
}

export const subOf = (id: string) => (/^\/subscriptions\/([^/]+)/i.exec(id)?.[1] ?? id).toLowerCase();
