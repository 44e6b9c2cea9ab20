import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { CORP, estate, pipelineToken, rgId, TAGS } from "../functions/support/eventsWorld";
import { spawnLocal, type LocalProcess } from "../support/spawnLocal";
import { asPlatformAdmin } from "../support/appAuth";

// A guardrail registered by a test (test/fixtures/guardrails/costCenterFormat.ts, loaded through
// AILZ_GUARDRAIL_MODULES into the unchanged app) runs end to end: its policy entry is validated at
// start-up, the event path judges writes with it, the nightly sweep evaluates it, and its
// findings and report lines come out like any built-in's.

const MODULE = path.join(__dirname, "../fixtures/guardrails/costCenterFormat.ts");
const storageId = (name: string) => `${rgId("rg-ml")}/providers/Microsoft.Storage/storageAccounts/${name}`;

function writeWorld(params: unknown): { dir: string; policy: string; estateFile: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-extension-"));
  const doc = parseDocument(fs.readFileSync(path.join(__dirname, "../../guardrails.yaml"), "utf8"));
  doc.setIn(["guardrails", "costCenterFormat"], doc.createNode({ mode: "dryRun", params }));
  // This small estate has no quota group to read.
  doc.deleteIn(["quotaGroup"]);
  const policy = path.join(dir, "guardrails.yaml");
  const estateFile = path.join(dir, "estate.json");
  fs.writeFileSync(policy, doc.toString());
  fs.writeFileSync(estateFile, JSON.stringify(estate()));
  return { dir, policy, estateFile };
}

let world: LocalProcess;
const api = async (p: string, init?: RequestInit) => {
  const r = await fetch(`${world.hostUrl}/api/${p}${p.includes("?") ? "&" : "?"}code=${world.functionKey}`, { ...init, headers: { ...asPlatformAdmin(), ...(init?.headers as Record<string, string> | undefined) } });
  return { status: r.status, body: (await r.json()) as any };
};
const open = async (resourceId?: string) =>
  ((await api(`findings?guardrail=costCenterFormat&subscription=${CORP}&status=open`)).body.value as any[]).filter((f) => !resourceId || f.resourceId.toLowerCase() === resourceId.toLowerCase());

async function putStorage(name: string, costCenter: string): Promise<void> {
  const r = await fetch(`${world.emulatorUrl}${storageId(name)}?api-version=2023-05-01`, {
    method: "PUT",
    headers: { authorization: `Bearer ${pipelineToken()}`, "content-type": "application/json" },
    body: JSON.stringify({ location: "eastus2", kind: "StorageV2", sku: { name: "Standard_LRS" }, tags: { ...TAGS, "cost-center": costCenter }, properties: {} }),
  });
  expect(r.status).toBeLessThan(300);
}

beforeAll(async () => {
  const w = writeWorld({ pattern: "^cc-[0-9]{4}$" });
  world = await spawnLocal({ estate: w.estateFile, env: { AILZ_POLICY_PATH: w.policy, AILZ_GUARDRAIL_MODULES: MODULE } });
}, 180_000);
afterAll(async () => world?.stop());

describe("a guardrail registered in a test", () => {
  it("judges resource events: a malformed cost center opens a finding, a well-formed one does not", async () => {
    await putStorage("stbadcc", "finance");
    await putStorage("stgoodcc", "cc-1234");
    for (let i = 0; i < 200 && (await open(storageId("stbadcc"))).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const [f] = await open(storageId("stbadcc"));
    expect(f).toMatchObject({ guardrail: "costCenterFormat", rule: "format", dryRun: true });
    expect(f.reason).toContain('"finance" does not match ^cc-[0-9]{4}$');
    expect(await open(storageId("stgoodcc"))).toEqual([]);
  }, 60_000);

  it("runs in the nightly sweep: the subscription without a cost-center tag is flagged and reported", async () => {
    const started = await api("sweeps", { method: "POST" });
    expect([200, 202]).toContain(started.status);
    let status: any;
    for (let i = 0; i < 600; i++) {
      status = (await api(`sweeps/${started.body.id}`)).body;
      if (status.runtimeStatus === "Completed" || status.runtimeStatus === "Failed") break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(status.runtimeStatus, JSON.stringify(status)).toBe("Completed");
    const report = (await api(`reports/${started.body.id}?format=json`)).body;
    const items = (report.items as any[]).filter((i) => i.guardrail === "costCenterFormat");
    expect(items).toEqual([expect.objectContaining({ resourceId: `/subscriptions/${CORP}`, outcome: "flagged" })]);
    expect((await open(`/subscriptions/${CORP}`)).map((x) => x.reason)).toEqual(["cost-center is missing"]);
  }, 120_000);

  it("its params are validated from the policy: a bad one stops start-up naming the field", async () => {
    const w = writeWorld({ pattern: 42 });
    const failed = await spawnLocal({ estate: w.estateFile, env: { AILZ_POLICY_PATH: w.policy, AILZ_GUARDRAIL_MODULES: MODULE } }).then(
      async (p) => {
        await p.stop();
        return "started";
      },
      (e: Error) => e.message,
    );
    expect(failed).toContain("guardrails.costCenterFormat.params.pattern");
    // Without the module the same entry is an unknown guardrail, named as such.
    const without = writeWorld({ pattern: "^cc-[0-9]{4}$" });
    const unknown = await spawnLocal({ estate: without.estateFile, env: { AILZ_POLICY_PATH: without.policy } }).then(
      async (p) => {
        await p.stop();
        return "started";
      },
      (e: Error) => e.message,
    );
    expect(unknown).toContain("costCenterFormat");
    expect(unknown).toContain("Unrecognized key");
  }, 120_000);
});
