/** The console's sections in page order; the script fills each by id. Titles and controls are fixed markup. */
export const CONSOLE_SECTIONS = [
  // Each is filled by its view in console/src/views (bundled as console.js).
  { id: "trends", title: "Findings over time", controls: "" },
  { id: "adoption", title: "Adoption", controls: "" },
  { id: "sandboxes", title: "Sandboxes", controls: "" },
  { id: "budgets", title: "Budget burn", controls: "" },
  { id: "quota", title: "GPU quota", controls: "" },
  {
    id: "findings",
    title: "Open findings",
    controls: `<div class="controls"><label for="guardrail-filter">Guardrail</label> <select id="guardrail-filter"><option value="">All guardrails</option></select></div>`,
  },
  {
    id: "sweeps",
    title: "Sweeps",
    controls: `<div class="controls"><button type="button" id="start-sweep">Start dry-run sweep</button></div>`,
  },
  { id: "report", title: "Latest nightly report", controls: "" },
  { id: "vending", title: "Vending requests", controls: "" },
  { id: "exemptions", title: "Exemptions", controls: "" },
  { id: "audit", title: "Recent audit entries", controls: "" },
  { id: "preview", title: "Policy impact preview", controls: "" },
] as const;
