import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Settings } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePolicy } from "../../../shared/config/parsePolicy";
import { loadPolicy } from "../../../shared/config/loadPolicy";
import { PolicyError } from "../../../shared/config/PolicyError";
import { examplePolicy } from "../fixtures/policy";

const MIN = `managementGroups:
  root: alz
  archetypes: { corp: corp, online: online, sandbox: sandbox, decommissioned: decommissioned }
`;

function errorOf(text: string, env?: Record<string, string>): PolicyError {
  try {
    parsePolicy(text, "guardrails.yaml", { env });
  } catch (e) {
    if (e instanceof PolicyError) return e;
    throw e;
  }
  throw new Error("expected a PolicyError");
}

describe("parsePolicy", () => {
  it("a minimal file gets every default: dryRun everywhere, nightly 02:00 sweep, default tags", () => {
    const p = parsePolicy(MIN);
    expect(p.guardrails.shadowAi.mode).toBe("dryRun");
    expect(p.guardrails.idleGpuQuota.params.windowDays).toBe(30);
    expect(p.guardrails.budgetAlerts.params.thresholds.actual).toEqual([50, 75, 90, 100]);
    expect(p.sweep.schedule).toBe("0 0 2 * * *");
    expect(p.requiredTags).toEqual(["owner", "cost-center", "project", "environment"]);
  });

  it("names line, column and field of a bad mode", () => {
    const e = errorOf(`${MIN}guardrails:\n  shadowAi:\n    mode: on\n`);
    expect(e.message).toContain('guardrails.yaml:6:11 guardrails.shadowAi.mode: Invalid option: expected one of "off"|"dryRun"|"enforce"');
    expect(e.issues).toHaveLength(1);
  });

  it("lists every issue: unknown guardrail, bad param type, missing field, bad cron", () => {
    const e = errorOf(`managementGroups:\n  root: alz\nsweep:\n  schedule: "0 2 * * *"\nguardrails:\n  shadowAI: {}\n  idleGpuQuota:\n    params:\n      windowDays: thirty\n`);
    const lines = e.message.split("\n").slice(1);
    expect(lines).toContain("guardrails.yaml:2:3 managementGroups.archetypes: Invalid input: expected object, received undefined");
    expect(lines.some((l) => l.startsWith("guardrails.yaml:4:13 sweep.schedule: NCRONTAB needs 6 fields"))).toBe(true);
    expect(lines).toContain('guardrails.yaml:6:3 guardrails.shadowAI: Unrecognized key: "shadowAI"');
    expect(lines).toContain("guardrails.yaml:9:19 guardrails.idleGpuQuota.params.windowDays: Invalid input: expected number, received string");
  });

  it("parses six-field schedules with cron-parser under a fixed luxon locale, and puts luxon's default back", () => {
    const e = errorOf(`managementGroups:\n  root: alz\nsweep:\n  schedule: "0 0 25 * * *"\n`);
    expect(e.message.split("\n").some((l) => l.startsWith("guardrails.yaml:4:13 sweep.schedule: invalid NCRONTAB"))).toBe(true);
    expect(Settings.defaultLocale).toBeNull();
  });

  it("reports YAML syntax errors with their position", () => {
    const e = errorOf(`${MIN}guardrails:\n  shadowAi: [unclosed\n`);
    expect(e.issues[0]!.line).toBeGreaterThan(4);
  });

  it("expands \${NAME:-fallback}; an unset reference without fallback is an error at its line", () => {
    const text = `${MIN}notifications:\n  channels:\n    - { type: webhook, name: w, url: "\${HOOK:-http://127.0.0.1:1/x}" }\n    - { type: teams, name: t, url: "\${TEAMS_URL}" }\n`;
    expect(errorOf(text, {}).message).toMatch(/guardrails.yaml:7:\d+ environment variable TEAMS_URL is not set/);
    const p = parsePolicy(text, "g.yaml", { env: { TEAMS_URL: "https://example.org/t" } });
    expect(p.notifications.channels.map((c) => ("url" in c ? c.url : ""))).toEqual(["http://127.0.0.1:1/x", "https://example.org/t"]);
  });

  it("rejects cross-field mistakes in params", () => {
    const e = errorOf(`${MIN}guardrails:\n  sandboxLifecycle:\n    params: { flagAfterDays: 30, decommissionAfterDays: 14 }\n`);
    expect(e.message).toContain("guardrails.sandboxLifecycle.params.decommissionAfterDays: decommissionAfterDays must be greater than flagAfterDays");
  });
});

describe("loadPolicy", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ailz-policy-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("loads the shipped example with the demo estate's names", () => {
    const p = examplePolicy();
    expect(p.managementGroups.root).toBe("alz");
    expect(p.approvedDeployers.map((d) => d.name)).toEqual(["ailz-pipeline", "ailz"]);
    expect(p.vending?.network.ipamPools).toHaveLength(3);
  });

  it("names the file in errors, including a missing file", async () => {
    const path = join(dir, "bad.yaml");
    await writeFile(path, `${MIN}guardrails:\n  requiredTags: { mode: always }\n`);
    expect(() => loadPolicy(path, { env: {} })).toThrow(`${path}:5:25 guardrails.requiredTags.mode`);
    expect(() => loadPolicy(join(dir, "nope.yaml"))).toThrow(/cannot read policy file: ENOENT/);
  });
});
