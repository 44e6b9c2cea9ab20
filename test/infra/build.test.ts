import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = path.resolve(__dirname, "..", "..");
const node = path.join(root, "node_modules", ".bin", "node");

// The Functions worker injects @azure/functions-core; this stub records what the app registers.
const coreStub = `
const registered = [];
let model;
module.exports = {
  registerFunction(metadata) { registered.push(metadata); return { dispose() {} }; },
  setProgrammingModel(m) { model = m; },
  getProgrammingModel() { return model; },
  registerHook() { return { dispose() {} }; },
  log() {},
  __registered: registered,
};
`;

const loader = `
const core = require("@azure/functions-core");
require("./main.js");
process.stdout.write(JSON.stringify({
  model: core.getProgrammingModel() ? core.getProgrammingModel().name : null,
  functions: core.__registered.map((m) => ({ name: m.name, trigger: Object.values(m.bindings).find((b) => b.direction === "in" && /Trigger$/.test(b.type))?.type })),
}));
`;

async function buildInto(outDir: string, entry?: string): Promise<{ built: string; files: string[]; bundleBytes: number }> {
  const args = ["--import", "tsx", path.join(root, "scripts", "build.ts"), "--outdir", outDir];
  if (entry) args.push("--entry", entry);
  const { stdout } = await run(node, args, { cwd: root });
  return JSON.parse(stdout.trim().split("\n").pop()!);
}

async function loadWithStub(outDir: string): Promise<{ model: string | null; functions: { name: string; trigger?: string }[] }> {
  const stubDir = path.join(outDir, "node_modules", "@azure", "functions-core");
  await fs.mkdir(stubDir, { recursive: true });
  await fs.writeFile(path.join(stubDir, "index.js"), coreStub);
  await fs.writeFile(path.join(outDir, "load.js"), loader);
  // A clean cwd and NODE_PATH unset: the bundle must not reach back into the repo's node_modules.
  const { stdout } = await run(node, ["load.js"], { cwd: outDir, env: { PATH: process.env.PATH ?? "" } });
  return JSON.parse(stdout);
}

describe("npm run build", () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), "ailz-build-"));
  });
  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it("bundles the app entry into a package root azd can zip", async () => {
    const out = path.join(tmp, "app");
    const res = await buildInto(out);
    expect(res.files).toEqual(expect.arrayContaining(["host.json", "main.js", "main.js.map", "package.json"]));
    const pkg = JSON.parse(await fs.readFile(path.join(out, "package.json"), "utf8"));
    expect(pkg.main).toBe("main.js");
    expect(pkg.devDependencies).toBeUndefined();
    expect(pkg.dependencies).toBeUndefined();
    const host = JSON.parse(await fs.readFile(path.join(out, "host.json"), "utf8"));
    expect(host.version).toBe("2.0");
    const loaded = await loadWithStub(out);
    expect(Array.isArray(loaded.functions)).toBe(true);
  });

  it("keeps @azure/functions-core external and registers every trigger kind through it", async () => {
    const out = path.join(tmp, "fixture");
    const res = await buildInto(out, path.join("test", "infra", "fixtures", "sampleApp.ts"));
    const bundle = await fs.readFile(path.join(out, "main.js"), "utf8");
    expect(bundle).toContain('require("@azure/functions-core")');
    // durable-functions and @azure/functions are inside the bundle, not required from disk.
    expect(bundle).not.toMatch(/require\("durable-functions"\)/);
    expect(bundle).not.toMatch(/require\("@azure\/functions"\)/);
    expect(res.bundleBytes).toBeLessThan(3_000_000);

    const loaded = await loadWithStub(out);
    expect(loaded.model).toBe("@azure/functions");
    const byName = Object.fromEntries(loaded.functions.map((f) => [f.name, f.trigger]));
    expect(byName).toEqual({
      fixtureHttp: "httpTrigger",
      fixtureTimer: "timerTrigger",
      fixtureEvents: "eventGridTrigger",
      fixtureOrchestrator: "orchestrationTrigger",
      fixtureActivity: "activityTrigger",
      fixtureStarter: "httpTrigger",
    });
  });

  it("registers nothing when no worker provides the core module (it was not bundled)", async () => {
    const out = path.join(tmp, "nocore");
    await buildInto(out, path.join("test", "infra", "fixtures", "sampleApp.ts"));
    await fs.writeFile(path.join(out, "bare.js"), 'require("./main.js");');
    const { stderr } = await run(node, ["bare.js"], { cwd: out, env: { PATH: process.env.PATH ?? "" } });
    expect(stderr).toContain('Skipping call to register function "fixtureHttp"');
  });
});
