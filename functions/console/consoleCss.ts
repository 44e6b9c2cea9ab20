/** The console's stylesheet (served at /api/console/assets/console.css; no external assets). */
export const CONSOLE_CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--line:#d8dee4;--bg:#f6f8fa;--card:#fff;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;--dry:#0969da;--focus:#0969da}
*{box-sizing:border-box}
[hidden]{display:none !important}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
.top{display:flex;justify-content:space-between;align-items:flex-end;gap:16px;padding:16px 24px;background:#24292f;color:#fff}
.top h1{margin:0;font-size:22px}.top .sub{margin:2px 0 0;color:#d0d7de}
.top-actions{display:flex;gap:12px;align-items:center}.top .muted{color:#d0d7de}
main{padding:12px 24px 48px;display:grid;grid-template-columns:1fr;gap:14px;max-width:1400px;align-items:start}
section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 16px}
.section-head{display:flex;justify-content:space-between;align-items:center;gap:12px;flex-wrap:wrap}
section h2{margin:0;font-size:17px}
.controls{display:flex;gap:8px;align-items:center}
label{font-weight:600}
select,button{font:inherit;padding:5px 10px;border:1px solid #afb8c1;border-radius:6px;background:#fff;color:var(--fg)}
button{cursor:pointer;background:#f3f4f6;font-weight:600}button:hover{background:#eaeef2}
button.primary{background:var(--ok);color:#fff;border-color:#116329}
button:disabled{opacity:.6;cursor:default}
:focus-visible{outline:2px solid var(--focus);outline-offset:2px}
.note{color:var(--muted);margin:8px 0}
.note.error{color:var(--bad)}
.table-wrap{max-height:440px;overflow:auto;margin-top:8px;border:1px solid var(--line);border-radius:6px}
table{width:100%;border-collapse:collapse;font-size:13px}
caption{text-align:left;color:var(--muted);padding:6px 8px;caption-side:top}
th,td{text-align:left;padding:6px 8px;border-top:1px solid var(--line);vertical-align:top}
td.actor{min-width:150px}
td.wrap{overflow-wrap:anywhere;min-width:220px}
thead th{position:sticky;top:0;background:#f6f8fa;border-top:none;font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.03em;z-index:1}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.when{white-space:nowrap}
code,.id{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--muted);word-break:break-all}
code.token{word-break:normal;white-space:nowrap;color:var(--fg)}
td.res{min-width:260px}
.name{font-weight:600;display:block;word-break:break-all}
.pill{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600;background:#eaeef2;white-space:nowrap}
.pill.high,.pill.critical,.pill.failed,.pill.Failed,.pill.Rejected{background:#ffebe9;color:var(--bad)}
.pill.medium,.pill.AwaitingApproval,.pill.skipped{background:#fff8c5;color:var(--warn)}
.pill.low,.pill.dry,.pill.Provisioning,.pill.Running,.pill.Pending,.pill.running{background:#ddf4ff;color:var(--dry)}
.pill.succeeded,.pill.Completed,.pill.enforced{background:#dafbe1;color:var(--ok)}
.steps{display:flex;flex-wrap:wrap;gap:4px;list-style:none;margin:0;padding:0}
.warnline{display:block;color:var(--bad);margin-top:2px}
details summary{cursor:pointer;color:var(--dry)}
details pre{white-space:pre-wrap;word-break:break-all;font-size:12px;background:var(--bg);padding:6px;border-radius:4px;max-height:200px;overflow:auto}
.tiles{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}
.tile{border:1px solid var(--line);border-radius:8px;padding:6px 12px;min-width:110px}
.tile b{display:block;font-size:20px}.tile span{color:var(--muted);font-size:12px}
.links{display:flex;gap:12px;flex-wrap:wrap;margin:6px 0}
a{color:var(--dry)}
progress{width:260px;height:14px;vertical-align:middle}
.report-frame{width:100%;height:420px;border:1px solid var(--line);border-radius:6px;margin-top:8px;background:#fff}
.key-hint{margin:16px 24px;padding:14px 18px;border:2px solid var(--bad);border-radius:8px;background:#fff5f5}
.key-hint h2{margin:0 0 6px;font-size:18px}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (min-width:1200px){main{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}#findings,#sweeps,#report,#audit,#quota,#adoption,#vending,#exemptions,#preview{grid-column:1 / -1}}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:12px}
figure.chart{margin:0;min-width:0}.chart-box{position:relative;height:240px}
figure.chart figcaption{font-weight:600;margin-top:4px}
.sr-table{font-size:12px}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
#quota input{font:inherit;padding:4px 8px;border:1px solid #afb8c1;border-radius:6px;width:14em}
#quota td{word-break:break-word}
.muted{color:var(--muted)}
.timeline{list-style:none;margin:0;padding:0;display:grid;gap:2px;font-size:12px}
.timeline li{white-space:nowrap}
.inline-form{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-end;margin-top:10px}
.field{display:flex;flex-direction:column;gap:2px}
input,textarea{font:inherit;padding:4px 8px;border:1px solid #afb8c1;border-radius:6px;max-width:100%}
textarea{width:100%;font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
#preview .field:first-child{display:block}
.tile .target{display:block;color:var(--muted);font-size:12px}
td[data-col=decision] input{width:12em}
`;
