import { asPlatformAdmin } from "../support/appAuth";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli/runCli";
import { spawnLocal, type LocalProcess } from "../support/spawnLocal";

// The policy impact preview through the real local world (demo estate): POST /api/policy/preview
// and `ailz policy preview`, then the proof: the world restarted on the proposed policy, whose
// next sweep must do what the preview said.

const REPO_POLICY = fs.readFileSync(path.resolve(__dirname, "../../guardrails.yaml"), "utf8");
const withMode = (text: string, guardrail: string, mode: string) => {
  const out = text.replace(new RegExp(`(\\n  ${guardrail}:\\n    mode:) \\w+`), `$1 ${mode}`);
  if (out === text) throw new Error(`guardrails.yaml: no ${guardrail}.mode to change`);
  return out;
};
const DECOMMISSION = new Set(["deleteResourceGroup", "moveToManagementGroup"]);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-preview-"));
const dataDir = path.join(dir, "data");
const currentFile = path.join(dir, "guardrails.yaml");
const enforceFile = path.join(dir, "enforce.yaml");
let world: LocalProcess;

// The platform team (approves, operates, reads), signed in through the local host's Easy Auth.
const api = (p: string, init?: RequestInit) => fetch(`${world.hostUrl}/api/${p}`, { ...init, headers: { "x-functions-key": world.functionKey, ...asPlatformAdmin(), ...(init?.headers ?? {}) } });
const preview = async (yaml: string, type = "application/yaml") => {
  const r = await api("policy/preview", { method: "POST", headers: { "content-type": type }, body: yaml });
  return { status: r.status, body: (await r.json()) as any };
};
const cli = (...args: string[]) => runCli(args, { AILZ_URL: world.hostUrl, AILZ_KEY: world.functionKey, AILZ_AS: "platform.admin@contoso.com", AILZ_ROLES: "ailz.Reader" });

async function sweep(dryRun: boolean): Promise<void> {
  const r = (await (await api(`sweeps${dryRun ? "?dryRun=true" : ""}`, { method: "POST" })).json()) as { id: string };
  for (let i = 0; i < 900; i++) {
    const s = (await (await api(`sweeps/${r.id}`)).json()) as { runtimeStatus: string };
    if (s.runtimeStatus === "Completed") return;
    if (s.runtimeStatus === "Failed") throw new Error(`sweep ${r.id} failed`);
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`sweep ${r.id} did not finish`);
}
const openFindings = async () => ((await (await api("findings?status=open&pageSize=1000")).json()) as { value: any[] }).value;
const sandboxes = async () => ((await (await api("sandboxes")).json()) as { value: any[] }).value;

beforeAll(async () => {
  fs.mkdirSync(dataDir);
  fs.writeFileSync(currentFile, REPO_POLICY);
  fs.writeFileSync(enforceFile, withMode(REPO_POLICY, "sandboxLifecycle", "enforce"));
  world = await spawnLocal({ estate: true, dataDir, env: { AILZ_POLICY_PATH: currentFile } });
}, 180_000);

afterAll(async () => {
  await world?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("policy preview", () => {
  it("an invalid proposal is a 400 naming its line and field, before anything is read", async () => {
    const bad = withMode(REPO_POLICY, "sandboxLifecycle", "sometimes");
    const line = bad.split("\n").findIndex((l, i, all) => /^ {4}mode: sometimes/.test(l) && /^ {2}sandboxLifecycle:/.test(all[i - 1]!)) + 1;
    const r = await preview(bad);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: "InvalidPolicy", field: "guardrails.sandboxLifecycle.mode", line });
    expect(r.body.error.message).toContain(`line ${line}`);
    expect((await preview(REPO_POLICY, "application/json")).status).toBe(415);
    const file = path.join(dir, "bad.yaml");
    fs.writeFileSync(file, bad);
    const c = await cli("policy", "preview", file);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/guardrails\.sandboxLifecycle\.mode/);
  });

  it("needs a sweep's facts first (409)", async () => {
    const r = await preview(REPO_POLICY);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("NoFacts");
  });

  it("sandboxLifecycle -> enforce lists exactly the sandboxes the next sweep decommissions", async () => {
    await sweep(true);
    const statesBefore = await sandboxes();
    const c = await cli("policy", "preview", enforceFile, "--json");
    expect(c.code, c.stderr).toBe(0);
    const p = JSON.parse(c.stdout);
    const predicted = (p.actions.start as any[]).filter((a) => a.guardrail === "sandboxLifecycle" && DECOMMISSION.has(a.action)).map((a) => a.resourceId.toLowerCase()).sort();
    expect(predicted.length, "the demo estate has sandboxes due for decommissioning").toBeGreaterThan(0);
    expect(p.actions.stop).toEqual([]);
    expect(p.estimatedMonthlySavings.amount).toBeGreaterThan(0);
    const table = await cli("policy", "preview", enforceFile);
    expect(table.stdout).toContain("would run");
    expect(table.stdout).toMatch(/estimated savings \d+\.\d\d USD\/month/);
    expect(await sandboxes()).toEqual(statesBefore);

    // The proof: the same world on the proposed policy, and its next sweep.
    await world.stop();
    world = await spawnLocal({ estate: true, dataDir, env: { AILZ_POLICY_PATH: enforceFile } });
    const startedAt = new Date().toISOString();
    await sweep(false);
    const decommissioned = (await sandboxes()).filter((s) => s.decommissionedAt && s.decommissionedAt >= startedAt).map((s) => s.id.toLowerCase()).sort();
    expect(decommissioned).toEqual(predicted);
  }, 600_000);
});

  it("an added approved deployer resolves exactly that deployer's shadow-AI findings, in the preview only", async () => {
    // The world now runs the enforce policy and has swept for real, so its findings are recorded.
    const before = await openFindings();
    const mine = before.filter((f) => f.guardrail === "shadowAi" && f.rule === "unapprovedDeployer");
    const target = mine[0]?.evidence?.caller?.objectId as string;
    expect(target, "the demo estate has a shadow-AI deployer").toBeTruthy();
    const hisFindings = mine.filter((f) => (f.evidence.writers as any[]).every((w) => w.approved || w.caller.objectId === target)).map((f) => f.resourceId).sort();
    const proposal = fs.readFileSync(enforceFile, "utf8").replace("approvedDeployers:\n", `approvedDeployers:\n  - name: proposed-user\n    kind: user\n    objectId: ${target}\n`);
    const r = await preview(proposal);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.findings.open).toEqual([]);
    expect(r.body.findings.resolve.map((f: any) => `${f.guardrail}/${f.rule}`)).toEqual(hisFindings.map(() => "shadowAi/unapprovedDeployer"));
    expect(r.body.findings.resolve.map((f: any) => f.resourceId).sort()).toEqual(hisFindings);
    expect(r.body.findings.resolve[0].resourceName).toBe(hisFindings[0]!.split("/").pop());
    expect(r.body.findings.resolve[0].subscriptionName).not.toBe(r.body.findings.resolve[0].subscriptionId);
    // Nothing was written: the stored findings are as they were.
    const after = await openFindings();
    expect(after.map((f) => `${f.guardrail}|${f.resourceId}|${f.rule}|${f.lastSeenAt}`).sort()).toEqual(before.map((f) => `${f.guardrail}|${f.resourceId}|${f.rule}|${f.lastSeenAt}`).sort());
  }, 300_000);
