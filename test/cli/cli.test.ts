import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnLocal, type LocalProcess } from "../support/spawnLocal";
import { runCli } from "./runCli";

// The `ailz` binary against the real local world (demo estate, the repo's guardrails.yaml): every
// command goes through the public HTTP API; output is read as a pipe (a non-TTY) sees it.

let world: LocalProcess;
let env: Record<string, string>;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-cli-"));
const ailz = (...args: string[]) => runCli(args, env);
const ESC = String.fromCharCode(27);

beforeAll(async () => {
  world = await spawnLocal({ estate: true });
  // Who the CLI acts as: the local host plays Easy Auth, so reads need a signed-in Reader (tests that approve add --role).
  env = { AILZ_URL: world.hostUrl, AILZ_KEY: world.functionKey, AILZ_AS: "noor@contoso.com", AILZ_ROLES: "ailz.Reader,ailz.Operator" };
}, 180_000);

afterAll(async () => {
  await world?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("ailz policy validate", () => {
  it("accepts the repo's policy, and prints start-up's file:line:col errors with exit 1 for a bad one", async () => {
    const ok = await ailz("policy", "validate", "guardrails.yaml");
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/guardrails\.yaml: valid/);
    const bad = path.join(tmp, "bad.yaml");
    fs.writeFileSync(bad, fs.readFileSync("guardrails.yaml", "utf8").replace(/(sandboxLifecycle:\n\s+mode:) \w+/, "$1 sometimes"));
    const r = await ailz("policy", "validate", bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+ guardrails\\.sandboxLifecycle\\.mode: `));
  });

  it("says what is wrong with exit 2 for a missing file or an unknown flag", async () => {
    const missing = await ailz("policy", "validate", path.join(tmp, "nope.yaml"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml: no such file/);
    const flag = await ailz("findings", "--severity-max", "x");
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/unknown option '--severity-max'/);
    const value = await ailz("findings", "--status", "maybe");
    expect(value.code).toBe(2);
    expect(value.stderr).toMatch(/--status: must be open or resolved/);
  });

  it("refuses without a connection (exit 2) and with a wrong key (exit 1)", async () => {
    const none = await runCli(["findings"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/give --url, set AILZ_URL/);
    const wrong = await runCli(["findings", "--url", world.hostUrl, "--key", "not-the-key"]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/401/);
  });
});

describe("ailz against a swept estate", () => {
  let sweepOut = "";
  beforeAll(async () => {
    const r = await ailz("sweep", "--interval-ms", "200");
    expect(r.code, r.stderr).toBe(0);
    sweepOut = r.stdout;
  }, 300_000);

  it("sweep prints progress by phase and batch as lines on a non-TTY, then the totals and the report's location", () => {
    const lines = sweepOut.split("\n");
    expect(lines.some((l) => /phase 3\/6 batches .* batch \d+\/\d+/.test(l))).toBe(true);
    expect(lines.some((l) => /phase 6\/6 done/.test(l))).toBe(true);
    expect(sweepOut).toMatch(/flagged.*done.*would do/s);
    expect(sweepOut).toMatch(/report: http:\/\/127\.0\.0\.1:\d+\/api\/reports\/\d{4}-\d{2}-\d{2}\?format=html/);
    expect(sweepOut).not.toContain(`${ESC}[`);
  });

  it("findings: a table with subscription names, --json for scripts, --fail-on as the exit code", async () => {
    const json = await ailz("findings", "--status", "open", "--json");
    expect(json.code, json.stderr).toBe(0);
    const items = JSON.parse(json.stdout) as Array<{ guardrail: string; subscriptionId: string; subscriptionName: string; resourceName: string; severity: string }>;
    expect(items.length).toBeGreaterThan(0);
    const named = items.find((f) => f.subscriptionName && f.subscriptionName !== f.subscriptionId);
    expect(named, "findings carry the subscription's name").toBeDefined();
    const table = await ailz("findings", "--status", "open", "--guardrail", named!.guardrail);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain("severity");
    expect(table.stdout).toContain(named!.subscriptionName);
    const worst = ["critical", "high", "medium", "low"].find((s) => items.some((f) => f.severity === s))!;
    expect((await ailz("findings", "--fail-on", worst)).code).toBe(1);
    const above = ["low", "medium", "high", "critical"];
    const higher = above[above.indexOf(worst) + 1];
    if (higher) expect((await ailz("findings", "--fail-on", higher)).code).toBe(0);
    expect((await ailz("findings", "--fail-on", "severe")).code).toBe(2);
  });

  it("sandboxes, budgets, audit and the report read as tables with names, and as JSON", async () => {
    const sb = JSON.parse((await ailz("sandboxes", "--json")).stdout) as Array<{ id: string; name: string; daysIdle: number; status: string }>;
    expect(sb.length).toBeGreaterThan(0);
    expect(sb.every((s) => typeof s.daysIdle === "number" && s.name)).toBe(true);
    const sbTable = await ailz("sandboxes");
    expect(sbTable.stdout).toContain("days idle");
    expect(sbTable.stdout).toContain(sb[0]!.id);

    const budgets = JSON.parse((await ailz("budgets", "--json")).stdout) as Array<{ subscriptionId: string; subscriptionName: string; amount: number; actual: number }>;
    expect(budgets.length).toBeGreaterThan(0);
    expect(budgets.some((b) => b.subscriptionName !== b.subscriptionId)).toBe(true);
    expect((await ailz("budgets")).stdout).toContain("forecast");

    const audit = await ailz("audit", "--limit", "20");
    expect(audit.code, audit.stderr).toBe(0);
    expect(audit.stdout).toContain("actor");

    const md = await ailz("report", "--format", "md");
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toMatch(/^#/m);
    const out = path.join(tmp, "report.json");
    expect((await ailz("report", "latest", "--format", "json", "--out", out)).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, "utf8")).totals).toBeDefined();
    expect((await ailz("report", "--format", "pdf")).code).toBe(2);
  });

  it("report --open writes the HTML report to a file and hands it to $BROWSER (the key is in no URL)", async () => {
    const seen = path.join(tmp, "browser-saw.txt");
    const browser = path.join(tmp, "fake-browser.sh");
    fs.writeFileSync(browser, `#!/bin/sh\nprintf '%s' "$1" > "${seen}"\n`, { mode: 0o755 });
    const r = await runCli(["report", "--open"], { ...env, BROWSER: browser });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    for (let i = 0; i < 50 && !fs.existsSync(seen); i++) await new Promise((res) => setTimeout(res, 100));
    const opened = fs.readFileSync(seen, "utf8");
    expect(opened).toMatch(/report-latest\.html$/);
    expect(r.stderr).toContain(`opened ${opened} with ${browser}`);
    const html = fs.readFileSync(opened, "utf8");
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).not.toContain(world.functionKey);
    const missing = await runCli(["report", "--open"], { ...env, BROWSER: path.join(tmp, "no-such-browser") });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/could not open .*report-latest\.html with .*no-such-browser/);
  });

  it("exempt, exemptions and unexempt: created through the API, listed, audited, revoked", async () => {
    const sub = (JSON.parse((await ailz("sandboxes", "--json")).stdout) as Array<{ id: string }>)[0]!.id.match(/\/subscriptions\/[^/]+/)![0];
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    // Switching a guardrail off for a scope is an approver's call.
    const refused = await ailz("exempt", sub, "requiredTags", "--until", until, "--reason", "cli test", "--ref", "CHG-42");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/403 Forbidden.*ailz\.Approver/);
    const approver = ["--as", "pat@contoso.com", "--role", "ailz.Approver"];
    const r = await ailz("exempt", sub, "requiredTags", "--until", until, "--reason", "cli test", "--ref", "CHG-42", "--json", ...approver);
    expect(r.code, r.stderr).toBe(0);
    const created = JSON.parse(r.stdout) as { id: string };
    const listed = await ailz("exemptions");
    expect(listed.stdout).toContain(created.id);
    expect(listed.stdout).toContain("CHG-42");
    const audit = JSON.parse((await ailz("audit", "--resource", sub, "--json")).stdout) as Array<{ action: string }>;
    expect(audit.some((a) => a.action === "exemption.create")).toBe(true);
    const bad = await ailz("exempt", sub, "noSuchGuardrail", "--until", until, "--reason", "x", ...approver);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/guardrail: must be one of/);
    expect((await ailz("unexempt", created.id, ...approver)).code).toBe(0);
    expect((await ailz("exemptions")).stdout).not.toContain(created.id);
  });
});

describe("ailz vend, approve and reject", () => {
  const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
  const request = (over: Record<string, unknown>) => ({
    workloadName: "cli-sbx", archetype: "sandbox", environment: "dev", owners: ["alice@contoso.com"], costCenter: "cc-1234", budget: { amount: 500 },
    regions: { primary: "eastus2" }, gpuQuota: [], network: { size: 24 }, dataClassification: "internal", justification: "cli test", expiresOn: day(30), ...over,
  });
  const file = (name: string, body: unknown) => {
    const f = path.join(tmp, name);
    fs.writeFileSync(f, typeof body === "string" ? body : JSON.stringify(body));
    return f;
  };

  it("vend --wait follows the orchestration step by step to the new subscription", async () => {
    const r = await ailz("vend", file("sbx.json", request({})), "--wait", "--interval-ms", "300");
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^requested: vr-[0-9a-f]+ \(Submitted\)$/);
    for (const step of ["validate", "subscription", "rbac", "budget", "network", "record"]) expect(lines.some((l) => new RegExp(`^  step ${step}: succeeded`).test(l)), step).toBe(true);
    expect(r.stdout).toMatch(/: Completed\nvended subscription [0-9a-f-]{36}\n$/);
    // The same file again is the same request (its hash is the idempotency key).
    const again = await ailz("vend", file("sbx.json", request({})));
    expect(again.stdout).toMatch(/^already requested: /);
  }, 240_000);

  it("approve needs an approver; approve and reject act on requests awaiting approval", async () => {
    const ids: string[] = [];
    for (const name of ["cli-prod-a", "cli-prod-b"]) {
      const r = await ailz("vend", file(`${name}.json`, request({ workloadName: name, archetype: "corp", environment: "prod", budget: { amount: 5000 }, expiresOn: undefined, regions: { primary: "eastus2", secondary: "swedencentral" } })), "--json");
      expect(r.code, r.stderr).toBe(0);
      ids.push((JSON.parse(r.stdout) as { id: string }).id);
    }
    for (let i = 0; i < 100; i++) {
      const waiting = JSON.parse((await ailz("requests", "--status", "AwaitingApproval", "--json")).stdout) as Array<{ id: string }>;
      if (ids.every((id) => waiting.some((w) => w.id === id))) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    const denied = await ailz("approve", ids[0]!);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/403 Forbidden/);
    const approver = ["--as", "pat@contoso.com", "--role", "ailz.Approver"];
    expect((await ailz("approve", ids[0]!, ...approver)).code).toBe(0);
    expect((await ailz("reject", ids[1]!, ...approver)).code).toBe(2);
    const rejected = await ailz("reject", ids[1]!, "--reason", "use the shared subscription", ...approver);
    expect(rejected.code, rejected.stderr).toBe(0);
    for (let i = 0; i < 100; i++) {
      const all = JSON.parse((await ailz("requests", "--json")).stdout) as Array<{ id: string; status: string }>;
      const a = all.find((x) => x.id === ids[0])!.status;
      const b = all.find((x) => x.id === ids[1])!.status;
      if (a !== "AwaitingApproval" && b === "Rejected") return;
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error("the decisions did not reach the requests");
  }, 120_000);

  it("a request file that is not JSON, or missing, is exit 2", async () => {
    const bad = await ailz("vend", file("bad.json", "{ not json"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.json: not JSON/);
    expect((await ailz("vend", path.join(tmp, "missing.json"))).code).toBe(2);
  });
});
