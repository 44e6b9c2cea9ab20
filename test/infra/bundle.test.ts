import fs from "node:fs";
import { builtinModules } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildInto, captureInChild, type Capture } from "../../bench/bundle";

// The package azd deploys (scripts/build.ts, as `npm run build` runs it) loaded through the local
// host's real @azure/functions-core capture registers exactly what the TypeScript app registers:
// same functions, trigger types, routes, methods, schedules and extra bindings. Each app loads in
// its own process; the bundle sits in a temp folder outside the repo, so it cannot lean on the
// repo's node_modules. Load time is reported by bench/bundle.ts, not asserted here.

const ROOT = path.resolve(__dirname, "..", "..");
let dir: string;
let bundle: Capture;
let source: Capture;
let deferred: string[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-bundle-test-"));
  deferred = Object.keys((await buildInto(dir)).deferredBytes);
  const env: NodeJS.ProcessEnv = { ...process.env, AILZ_POLICY_PATH: path.join(dir, "guardrails.yaml") };
  delete env.APPLICATIONINSIGHTS_CONNECTION_STRING;
  [bundle, source] = await Promise.all([captureInChild(path.join(dir, "main.js"), env), captureInChild(path.join(ROOT, "functions", "index.ts"), env)]);
}, 180_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the deployable bundle", () => {
  it("registers every function the source app registers, with the same triggers and bindings", () => {
    expect(source.functions.length).toBeGreaterThan(0);
    expect(bundle.functions.map((f) => f.name)).toEqual(source.functions.map((f) => f.name));
    expect(bundle.functions).toEqual(source.functions);
  });

  it("serves HTTP triggers on the same routes and methods", () => {
    const http = (c: Capture) => c.functions.filter((f) => f.trigger === "httpTrigger").map((f) => `${(f.methods ?? []).join(",")} ${f.route ?? f.name}`);
    expect(http(source).length).toBeGreaterThan(0);
    expect(http(bundle)).toEqual(http(source));
  });

  it("loads the package as the Functions worker does (plain node) and evaluates main.js alone at registration", () => {
    expect(bundle.loader).toBe("node");
    expect(source.loader).toBe("tsx");
    // sdk.js and the deferred-*.js files load on first use, not while the functions register.
    expect(bundle.folderFilesLoaded).toEqual(["main.js"]);
    expect(deferred.length).toBeGreaterThan(0);
    for (const file of deferred) expect(fs.readFileSync(path.join(dir, "main.js"), "utf8")).toContain(file);
  });

  it("requires nothing at run time but Node built-ins, the worker's @azure/functions-core and its own SDK and deferred files", () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    // main.js loads the Azure SDK family from the sibling sdk.js (telemetry's part from
    // sdk-telemetry.js), and what durable-functions only runs in a call from deferred-*.js, on
    // first use; all of them ship in dist/.
    for (const file of ["main.js", "sdk.js", "sdk-telemetry.js", ...deferred]) {
      const code = fs.readFileSync(path.join(dir, file), "utf8");
      const required = new Set([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!));
      const foreign = [...required].filter((r) => !builtins.has(r) && r !== "@azure/functions-core");
      expect(foreign, file).toEqual([]);
    }
    expect(fs.readFileSync(path.join(dir, "main.js"), "utf8")).toContain('"sdk.js"');
    // What shared/telemetry imports (the OpenTelemetry SDK, the Azure Monitor exporter) has its own file.
    expect(fs.readFileSync(path.join(dir, "main.js"), "utf8")).toContain('"sdk-telemetry.js"');
  });
});
