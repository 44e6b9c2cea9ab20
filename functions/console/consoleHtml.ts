import { CONSOLE_SECTIONS } from "./consoleSections";
import { escapeHtml } from "./escapeHtml";

/** The hint shown when the page has no key (server-rendered, so it shows even without script). */
const KEY_HINT = "Add ?code=<function key> to this page's URL";

/**
 * The console's HTML shell. It holds no data: the script fills each section from the JSON APIs
 * with the key from `?code=`. `hasKey` only decides whether the hint starts visible; `guardrails`
 * (the registry's names, not data) fill the exemption form's picker.
 */
export function consoleHtml(hasKey: boolean, guardrails: readonly string[]): string {
  const sections = CONSOLE_SECTIONS.map(
    (s) => `<section id="${s.id}" aria-labelledby="${s.id}-title" aria-busy="true">
<div class="section-head"><h2 id="${s.id}-title">${s.title}</h2>${s.controls}</div>
<p class="note" data-role="note">Loading…</p>
<div data-role="body"></div>
</section>`,
  ).join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>ailz operator console</title>
<link rel="stylesheet" href="console/assets/console.css">
<script src="console/assets/console.js" defer></script>
</head>
<body>
<header class="top">
<div><h1>ailz operator console</h1><p class="sub">Guardrails control plane: findings, sweeps, vending, exemptions and the audit log.</p></div>
<div class="top-actions"><span id="refreshed" class="muted" aria-live="polite"></span><button type="button" id="refresh">Refresh</button></div>
</header>
<div id="key-hint" class="key-hint" role="alert"${hasKey ? " hidden" : ""}>
<h2>Function key needed</h2>
<p><strong>${escapeHtml(KEY_HINT)}</strong>, e.g. <code>/api/console?code=&lt;function key&gt;</code>.</p>
<p data-role="detail">${hasKey ? "" : "This page has no key, so it cannot read ailz's APIs."} Locally, <code>npm start</code> prints the key; in Azure, copy a function key from the function app's App keys.</p>
</div>
<noscript><p class="key-hint">The console needs JavaScript to load its data from ailz's APIs.</p></noscript>
<main id="sections" data-guardrails="${escapeHtml(guardrails.join(","))}"${hasKey ? "" : " hidden"}>
${sections}
</main>
</body>
</html>
`;
}
