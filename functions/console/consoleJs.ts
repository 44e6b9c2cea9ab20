// The console's script (served at /api/console/assets/console.js). Plain ES2020 for the browser,
// kept as a string so the esbuild bundle carries it. Every value from the APIs reaches the page
// through textContent or setAttribute on elements it builds, never through HTML parsing, so
// resource names, tags and reasons (user data) render as text. The function key is read from
// this page's own ?code= and only ever sent in the x-functions-key header.
// (No backticks or dollar-brace sequences below: this is a TypeScript template string.)
export const CONSOLE_JS = String.raw`
(function () {
  "use strict";
  var KEY = new URLSearchParams(window.location.search).get("code");
  var TERMINAL = { Completed: 1, Failed: 1, Terminated: 1, Canceled: 1 };
  var POLL_MS = 1000;
  var blobUrls = [];

  function $(id) { return document.getElementById(id); }

  /** el("td", { className: "x", attrs: { scope: "row" } }, ["text", node]) */
  function el(tag, props, children) {
    var node = document.createElement(tag);
    props = props || {};
    if (props.className) node.className = props.className;
    if (props.text !== undefined && props.text !== null) node.textContent = String(props.text);
    if (props.attrs) Object.keys(props.attrs).forEach(function (k) { node.setAttribute(k, String(props.attrs[k])); });
    if (props.on) Object.keys(props.on).forEach(function (k) { node.addEventListener(k, props.on[k]); });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    });
    return node;
  }

  function showKeyProblem(detail) {
    var hint = $("key-hint");
    hint.querySelector("[data-role=detail]").textContent = detail;
    hint.hidden = false;
    $("sections").hidden = true;
  }

  async function api(method, path) {
    var res;
    try {
      // same-origin: Easy Auth's session cookie carries who is signed in; the key stays in the header.
      res = await fetch(path, { method: method, headers: { "x-functions-key": KEY, accept: "application/json" }, cache: "no-store", credentials: "same-origin", referrerPolicy: "no-referrer" });
    } catch (e) {
      return { status: 0, body: null, text: String(e && e.message || e) };
    }
    var text = await res.text();
    var body = null;
    if ((res.headers.get("content-type") || "").indexOf("json") >= 0 && text) {
      try { body = JSON.parse(text); } catch (e) { body = null; }
    }
    var err = body && body.error;
    if (res.status === 401 && err && err.field === "x-ms-client-principal") showKeyProblem("Sign in first (401): ailz needs to know who you are. In Azure open /.auth/login/aad; locally /.auth/login/aad?as=<person>&post_login_redirect_uri=/api/console?code=<key>.");
    else if (res.status === 503 && err && err.code === "AuthenticationNotConfigured") showKeyProblem("App Service Authentication is not configured for this app (503): " + String(err.message).slice(0, 300));
    else if (res.status === 401) showKeyProblem("The key in ?code= was rejected (401). Check it is a current function key for this app.");
    return { status: res.status, body: body, text: text };
  }

  /**
   * A 404 that is not a function's own answer: the route does not exist, the feature is not
   * deployed. Azure's host answers it with no body, the local host with code FunctionNotFound.
   */
  function notDeployed(r) {
    var e = r.body && r.body.error;
    return r.status === 404 && !(e && typeof e === "object" && e.code !== "FunctionNotFound");
  }

  function problem(r) {
    if (r.status === 0) return "Could not reach ailz: " + r.text;
    var m = r.body && r.body.error && typeof r.body.error === "object" ? r.body.error.message : (r.body && r.body.error) || r.text;
    return "HTTP " + r.status + (m ? ": " + String(m).slice(0, 300) : "");
  }

  function section(id) {
    var s = $(id);
    return { node: s, note: s.querySelector("[data-role=note]"), body: s.querySelector("[data-role=body]") };
  }

  function setNote(id, text, isError) {
    var s = section(id);
    s.note.textContent = text || "";
    s.note.hidden = !text;
    s.note.className = isError ? "note error" : "note";
    s.node.setAttribute("aria-busy", "false");
  }

  function setBody(id, nodes) {
    var s = section(id);
    s.body.replaceChildren.apply(s.body, nodes.filter(Boolean));
  }

  /** Common outcome of a section's API call; true when the caller should render r.body. */
  function usable(id, r, what) {
    if (r.status === 401) return false;
    if (notDeployed(r)) { setNote(id, what + " are not available: this ailz deployment has no such API (404)."); setBody(id, []); return false; }
    if (r.status !== 200) { setNote(id, "Could not load " + what.toLowerCase() + ". " + problem(r), true); setBody(id, []); return false; }
    return true;
  }

  function table(caption, headers, rows) {
    var head = el("tr", {}, headers.map(function (h) { return el("th", { text: h, attrs: { scope: "col" } }); }));
    var body = el("tbody", {}, rows.map(function (cells) {
      return el("tr", {}, cells.map(function (c) { return c instanceof Node && c.nodeName === "TD" ? c : el("td", {}, [c]); }));
    }));
    return el("div", { className: "table-wrap" }, [el("table", {}, [el("caption", { text: caption }), el("thead", {}, [head]), body])]);
  }

  function when(iso) {
    if (!iso) return el("td", { className: "when", text: "—" });
    var d = new Date(iso);
    var label = isNaN(d.getTime()) ? String(iso) : d.toISOString().slice(0, 16).replace("T", " ") + " UTC";
    return el("td", { className: "when" }, [el("time", { text: label, attrs: { datetime: String(iso) } })]);
  }

  function pill(text, cls) { return el("span", { className: "pill " + (cls || String(text)), text: text }); }

  function lastSegment(id) { var parts = String(id || "").split("/").filter(Boolean); return parts.length ? parts[parts.length - 1] : String(id || ""); }

  function resourceCell(id) {
    return el("td", { className: "res" }, [el("span", { className: "name", text: lastSegment(id) }), el("code", { text: id || "" })]);
  }

  function evidenceDetails(evidence) {
    if (!evidence || typeof evidence !== "object" || Object.keys(evidence).length === 0) return null;
    return el("details", {}, [el("summary", { text: "Evidence" }), el("pre", { text: JSON.stringify(evidence, null, 2) })]);
  }

  // ---- findings ----
  var knownGuardrails = {};

  function refreshGuardrailOptions() {
    var select = $("guardrail-filter");
    var current = select.value;
    var names = Object.keys(knownGuardrails).sort();
    if (current && names.indexOf(current) < 0) names.push(current);
    select.replaceChildren(el("option", { text: "All guardrails", attrs: { value: "" } }));
    names.forEach(function (n) { select.appendChild(el("option", { text: n, attrs: { value: n } })); });
    select.value = current;
  }

  async function loadFindings() {
    var guardrail = $("guardrail-filter").value;
    var items = [];
    var token = null;
    var truncated = false;
    for (var page = 0; page < 10; page++) {
      var q = "findings?status=open&pageSize=500" + (guardrail ? "&guardrail=" + encodeURIComponent(guardrail) : "") + (token ? "&continuationToken=" + encodeURIComponent(token) : "");
      var r = await api("GET", q);
      if (!usable("findings", r, "Findings")) return;
      items = items.concat(r.body.value || []);
      token = r.body.continuationToken;
      if (!token) break;
      if (page === 9) truncated = true;
    }
    items.forEach(function (f) { knownGuardrails[f.guardrail] = 1; });
    refreshGuardrailOptions();
    items.sort(function (a, b) { return String(b.firstSeenAt).localeCompare(String(a.firstSeenAt)); });
    var rows = items.map(function (f) {
      var ev = f.evidence || {};
      var reason = el("td", { className: "wrap" }, [
        el("span", { text: f.reason }),
        ev.exemptTagError ? el("span", { className: "warnline", text: "Exemption tag not applied: " + ev.exemptTagError }) : null,
        evidenceDetails(ev),
      ]);
      return [
        el("td", {}, [el("span", { text: f.guardrail, attrs: { "data-col": "guardrail" } })]),
        resourceCell(f.resourceId),
        el("td", {}, [el("code", { className: "token", text: f.rule || "—", attrs: { "data-col": "rule" } })]),
        el("td", {}, [pill(f.severity || "medium"), " ", f.dryRun === false ? pill("enforced", "enforced") : pill("dry run", "dry")]),
        reason,
        when(f.firstSeenAt),
      ];
    });
    var label = items.length + " open finding" + (items.length === 1 ? "" : "s") + (guardrail ? " for " + guardrail : "") + (truncated ? " (first pages only)" : "");
    setNote("findings", items.length ? "" : "No open findings" + (guardrail ? " for " + guardrail : "") + ".");
    setBody("findings", items.length ? [table(label, ["Guardrail", "Resource", "Rule", "Severity / mode", "Reason", "First seen"], rows)] : []);
  }

  // ---- report links (the key stays in a header: the page fetches the HTML and shows a blob) ----
  function reportLinks(base, label) {
    var frameHolder = el("div", {});
    async function fetchHtml() {
      var res = await fetch(base + "format=html", { headers: { "x-functions-key": KEY, accept: "text/html" }, cache: "no-store", credentials: "same-origin", referrerPolicy: "no-referrer" });
      if (!res.ok) throw new Error("HTTP " + res.status);
      var url = URL.createObjectURL(new Blob([await res.text()], { type: "text/html" }));
      blobUrls.push(url);
      return url;
    }
    var open = el("a", { text: "Open " + label + " (HTML)", attrs: { href: base + "format=html", rel: "noopener noreferrer", "data-role": "open-report" } });
    open.addEventListener("click", function (e) {
      e.preventDefault();
      var win = window.open("", "_blank");
      fetchHtml().then(function (url) { if (win) { win.opener = null; win.location.href = url; } }, function (err) { if (win) win.close(); open.textContent = "Could not load the report: " + err.message; });
    });
    var show = el("button", { text: "Show " + label + " here", attrs: { type: "button", "data-role": "show-report" } });
    show.addEventListener("click", function () {
      show.disabled = true;
      fetchHtml().then(function (url) {
        frameHolder.replaceChildren(el("iframe", { className: "report-frame", attrs: { src: url, title: label, sandbox: "" } }));
      }, function (err) { frameHolder.replaceChildren(el("p", { className: "note error", text: "Could not load the report: " + err.message })); show.disabled = false; });
    });
    var json = el("a", { text: "JSON", attrs: { href: base + "format=json", "data-role": "report-json" } });
    json.addEventListener("click", function (e) {
      e.preventDefault();
      api("GET", base + "format=json").then(function (r) {
        frameHolder.replaceChildren(el("details", { attrs: { open: "" } }, [el("summary", { text: label + " (JSON)" }), el("pre", { text: r.text })]));
      });
    });
    return el("div", {}, [el("div", { className: "links" }, [open, show, json]), frameHolder]);
  }

  // ---- latest nightly report ----
  async function loadReport() {
    var r = await api("GET", "reports/latest?format=json");
    if (r.status === 404 && !notDeployed(r)) {
      setNote("report", "No nightly report yet: the nightly sweep publishes one each night. A dry run's report is linked under Sweeps when it finishes.");
      setBody("report", []);
      return;
    }
    if (!usable("report", r, "Reports")) return;
    var rep = r.body;
    var totals = rep.totals || {};
    var tiles = el("div", { className: "tiles" }, [["done", "Done"], ["wouldDo", "Would do (dry run)"], ["flagged", "Flagged"], ["exempt", "Exempt"], ["skipped", "Skipped"], ["failed", "Failed"]].map(function (t) {
      return el("div", { className: "tile" }, [el("b", { text: totals[t[0]] === undefined ? "—" : totals[t[0]] }), el("span", { text: t[1] })]);
    }));
    var summary = el("p", {}, ["Night of ", el("strong", { text: rep.date }), rep.dryRun ? " (dry run)" : "", " · " + ((rep.scope && rep.scope.subscriptions) || 0) + " subscriptions · generated ", el("time", { text: rep.generatedAt, attrs: { datetime: rep.generatedAt } })]);
    var score = (rep.scorecard || []).map(function (s) {
      return [el("td", { text: s.title }), el("td", { className: "num" }, [s.rating === null || s.rating === undefined ? "n/a" : pill(String(s.rating) + "/5", s.rating < 3 ? "failed" : s.rating < 4 ? "medium" : "succeeded")]), el("td", { text: s.measure }), el("td", { text: s.thresholds })];
    });
    setNote("report", "");
    setBody("report", [summary, tiles, reportLinks("reports/latest?", "the nightly report"), score.length ? table("Readiness scorecard", ["Area", "Rating", "Measure", "Thresholds"], score) : el("p", { className: "note", text: "The report has no scorecard." })]);
  }

  // ---- sweeps ----
  var sweeps = {};
  var polling = {};

  function renderSweeps() {
    var ids = Object.keys(sweeps).sort().reverse();
    if (ids.length === 0) {
      setNote("sweeps", "No sweep today yet. Start a dry run to see what the nightly sweep would do (nothing is changed).");
      setBody("sweeps", []);
      return;
    }
    setNote("sweeps", "");
    var rows = ids.map(function (id) {
      var s = sweeps[id];
      var p = s.progress || {};
      var total = Number(p.batchesTotal) || 0;
      var done = Number(p.batchesDone) || 0;
      var bar = el("progress", { attrs: { max: String(total || 1), value: String(total ? done : (s.runtimeStatus === "Completed" ? 1 : 0)), "aria-label": "Sweep " + id + " batches done" } });
      var out = s.output && s.output.totals ? s.output.totals : null;
      var outcome = out ? el("td", { text: out.done + " done, " + out.wouldDo + " would do, " + out.flagged + " flagged, " + out.failed + " failed" }) : el("td", { text: "—" });
      return [
        el("td", {}, [el("code", { className: "token", text: id })]),
        el("td", {}, [pill(s.runtimeStatus || "Unknown"), p.dryRun || /-dryrun$/.test(id) ? " " : "", p.dryRun || /-dryrun$/.test(id) ? pill("dry run", "dry") : null]),
        el("td", {}, [el("span", { text: (p.phase || "—") + " · " + done + "/" + total + " batches " }), bar, p.failedBatches && p.failedBatches.length ? el("span", { className: "warnline", text: "failed batches: " + p.failedBatches.join(", ") }) : null]),
        outcome,
        when(s.createdTime),
        when(s.lastUpdatedTime),
      ];
    });
    var nodes = [table("Sweeps started today or from this page", ["Sweep", "Status", "Progress", "Outcome", "Started", "Updated"], rows)];
    ids.forEach(function (id) {
      var s = sweeps[id];
      if (s.runtimeStatus === "Completed" && /-dryrun$/.test(id)) nodes.push(el("h3", { text: "Report of " + id }), reportLinks("reports/" + id.replace(/-dryrun$/, "") + "?dryRun=true&", "the dry-run report"));
    });
    setBody("sweeps", nodes);
  }

  async function pollSweep(id) {
    if (polling[id]) return;
    polling[id] = true;
    try {
      for (;;) {
        var r = await api("GET", "sweeps/" + encodeURIComponent(id));
        if (r.status !== 200) { if (r.status !== 401) setNote("sweeps", "Could not read sweep " + id + ". " + problem(r), true); return; }
        sweeps[id] = r.body;
        renderSweeps();
        if (TERMINAL[r.body.runtimeStatus]) { loadFindings(); loadAudit(); loadReport(); return; }
        await new Promise(function (res) { setTimeout(res, POLL_MS); });
      }
    } finally { polling[id] = false; }
  }

  async function loadSweeps() {
    var today = new Date().toISOString().slice(0, 10);
    var found = await Promise.all([today, today + "-dryrun"].map(function (id) { return api("GET", "sweeps/" + id).then(function (r) { return { id: id, r: r }; }); }));
    for (var i = 0; i < found.length; i++) {
      var r = found[i].r;
      if (r.status === 401) return;
      if (notDeployed(r)) { setNote("sweeps", "Sweeps are not available: this ailz deployment has no sweeps API (404)."); $("start-sweep").disabled = true; return; }
      if (r.status === 200) { sweeps[found[i].id] = r.body; if (!TERMINAL[r.body.runtimeStatus]) pollSweep(found[i].id); }
    }
    renderSweeps();
  }

  async function startSweep() {
    var button = $("start-sweep");
    button.disabled = true;
    try {
      var r = await api("POST", "sweeps?dryRun=true");
      if (notDeployed(r)) { setNote("sweeps", "Sweeps are not available: this ailz deployment has no sweeps API (404)."); return; }
      if (r.status !== 202 && r.status !== 200) { if (r.status !== 401) setNote("sweeps", "Could not start a sweep. " + problem(r), true); return; }
      sweeps[r.body.id] = sweeps[r.body.id] || { id: r.body.id, runtimeStatus: r.body.runtimeStatus, progress: null };
      renderSweeps();
      if (!r.body.started) setNote("sweeps", "Today's dry run " + r.body.id + " already exists (" + r.body.runtimeStatus + "); showing it.");
      await pollSweep(r.body.id);
    } finally { button.disabled = false; }
  }

  // ---- vending ----
  async function loadVending() {
    var both = await Promise.all([api("GET", "vending/requests"), api("GET", "metrics/vending")]);
    var r = both[0], m = both[1];
    if (!usable("vending", r, "Vending requests")) return;
    var items = r.body.value || [];
    var nodes = [];
    if (m.status === 200 && m.body) {
      var ps = m.body.provisioningSeconds || {};
      var rate = m.body.selfServiceSuccessRate;
      nodes.push(el("p", {}, [
        el("strong", { text: String(m.body.total) }), " requests · self-service success " + (rate === null || rate === undefined ? "n/a" : Math.round(rate * 100) + "%") +
        " · provisioning p50 " + (ps.p50 === null || ps.p50 === undefined ? "n/a" : Math.round(ps.p50) + " s") + ", p95 " + (ps.p95 === null || ps.p95 === undefined ? "n/a" : Math.round(ps.p95) + " s"),
      ]));
    }
    var rows = items.slice(0, 100).map(function (v) {
      var steps = el("ol", { className: "steps", attrs: { "aria-label": "Steps" } }, (v.steps || []).map(function (s) { return el("li", {}, [pill(s.name + ": " + s.status, s.status)]); }));
      var req = v.request || {};
      var detail = v.status === "Failed" && v.error ? el("span", { className: "warnline", text: (v.failedStep || "") + ": " + v.error.message }) : v.status === "AwaitingApproval" && v.approvalReasons ? el("span", { className: "warnline", text: v.approvalReasons.join("; ") }) : null;
      return [
        el("td", {}, [el("span", { className: "name", text: req.workloadName || req.name || req.displayName || v.idempotencyKey }), el("code", { text: v.id })]),
        el("td", {}, [pill(v.status), detail]),
        el("td", {}, [steps]),
        el("td", {}, [v.subscriptionId ? el("code", { text: v.subscriptionId }) : "—"]),
        el("td", { text: v.requestedBy }),
        when(v.updatedAt),
      ];
    });
    setNote("vending", items.length ? "" : "No vending requests yet.");
    if (items.length) nodes.push(table(items.length + " vending request" + (items.length === 1 ? "" : "s") + (items.length > 100 ? " (newest 100 shown)" : ""), ["Request", "Status", "Steps", "Subscription", "Requested by", "Updated"], rows));
    setBody("vending", nodes);
  }

  // ---- exemptions ----
  async function loadExemptions() {
    var r = await api("GET", "exemptions");
    if (!usable("exemptions", r, "Exemptions")) return;
    var items = r.body.value || [];
    var rows = items.map(function (x) {
      return [resourceCell(x.scope), el("td", {}, [el("code", { className: "token", text: x.guardrail })]), when(x.expiresAt), el("td", { className: "wrap", text: x.justification }), el("td", { text: x.ref || "—" }), el("td", { text: x.createdBy })];
    });
    setNote("exemptions", items.length ? "" : "No active exemptions.");
    setBody("exemptions", items.length ? [table(items.length + " active exemption" + (items.length === 1 ? "" : "s"), ["Scope", "Guardrail", "Expires", "Justification", "Ref", "Created by"], rows)] : []);
  }

  // ---- audit ----
  async function loadAudit() {
    var r = await api("GET", "audit?limit=50");
    if (!usable("audit", r, "Audit entries")) return;
    var items = r.body.value || [];
    var rows = items.map(function (a) {
      return [
        when(a.at),
        el("td", { className: "actor" }, [el("code", { text: a.actor })]),
        el("td", {}, [el("code", { className: "token", text: a.action })]),
        el("td", { text: a.guardrail || "—" }),
        a.resourceId ? resourceCell(a.resourceId) : el("td", { text: "—" }),
        el("td", {}, [pill(a.outcome || "succeeded"), a.dryRun ? " " : "", a.dryRun ? pill("dry run", "dry") : null]),
        el("td", { className: "wrap", text: a.reason }),
      ];
    });
    setNote("audit", items.length ? "" : "The audit log is empty.");
    setBody("audit", items.length ? [table("The " + items.length + " newest audit entries", ["When", "Actor", "Action", "Guardrail", "Resource", "Outcome", "Reason"], rows)] : []);
  }

  function guard(id, fn) {
    return fn().catch(function (e) { setNote(id, "The console failed to render this section: " + (e && e.message || e), true); });
  }

  async function loadAll() {
    blobUrls.splice(0).forEach(function (u) { URL.revokeObjectURL(u); });
    await Promise.all([guard("findings", loadFindings), guard("report", loadReport), guard("sweeps", loadSweeps), guard("vending", loadVending), guard("exemptions", loadExemptions), guard("audit", loadAudit)]);
    $("refreshed").textContent = "Updated " + new Date().toLocaleTimeString();
    document.body.setAttribute("data-loaded", "true");
  }

  function init() {
    if (!KEY) {
      showKeyProblem("This page has no key, so it cannot read ailz's APIs.");
      document.body.setAttribute("data-loaded", "true");
      return;
    }
    $("refresh").addEventListener("click", loadAll);
    $("guardrail-filter").addEventListener("change", function () { guard("findings", loadFindings); });
    $("start-sweep").addEventListener("click", function () { guard("sweeps", startSweep); });
    loadAll();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
`;
