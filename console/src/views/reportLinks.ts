import { api, fetchHtml } from "../api";
import { el } from "../dom";

const blobUrls: string[] = [];

/** Forgets the report blobs of the previous render (a refresh draws new ones). */
export function revokeReportBlobs(): void {
  for (const u of blobUrls.splice(0)) URL.revokeObjectURL(u);
}

async function blobOf(path: string): Promise<string> {
  const url = URL.createObjectURL(new Blob([await fetchHtml(path)], { type: "text/html" }));
  blobUrls.push(url);
  return url;
}

/** Open in a tab, show here in a sandboxed frame, or show the JSON: each fetched with the key in a header. */
export function reportLinks(base: string, label: string): HTMLElement {
  const holder = el("div");
  const open = el("a", { text: `Open ${label} (HTML)`, attrs: { href: `${base}format=html`, rel: "noopener noreferrer", "data-role": "open-report" } });
  open.addEventListener("click", (e) => {
    e.preventDefault();
    const win = window.open("", "_blank");
    blobOf(`${base}format=html`).then(
      (url) => {
        if (win) {
          win.opener = null;
          win.location.href = url;
        }
      },
      (err: Error) => {
        win?.close();
        open.textContent = `Could not load the report: ${err.message}`;
      },
    );
  });
  const show = el("button", { text: `Show ${label} here`, attrs: { type: "button", "data-role": "show-report" } });
  show.addEventListener("click", () => {
    show.disabled = true;
    blobOf(`${base}format=html`).then(
      (url) => holder.replaceChildren(el("iframe", { className: "report-frame", attrs: { src: url, title: label, sandbox: "" } })),
      (err: Error) => {
        holder.replaceChildren(el("p", { className: "note error", text: `Could not load the report: ${err.message}` }));
        show.disabled = false;
      },
    );
  });
  const json = el("a", { text: "JSON", attrs: { href: `${base}format=json`, "data-role": "report-json" } });
  json.addEventListener("click", (e) => {
    e.preventDefault();
    void api("GET", `${base}format=json`).then((r) => holder.replaceChildren(el("details", { attrs: { open: "" } }, [el("summary", { text: `${label} (JSON)` }), el("pre", { text: r.text })])));
  });
  return el("div", {}, [el("div", { className: "links" }, [open, show, json]), holder]);
}
