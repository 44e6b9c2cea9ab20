// A start-up that cannot succeed (bad policy, taken port, bad setting) says why in one message
// without a stack trace and writes nothing: an existing data folder is left exactly as it was,
// a missing one is not created. The demo estate is on (the default), as in `npm start`, so a check
// that came too late would show up as seeded history, Azurite files or a generated key.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePorts } from "../support/freePort";
import { runStart } from "../support/runStart";
import { snapshotDir } from "../support/snapshotDir";

const REPO = path.resolve(__dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-startup-"));
let ports: Record<string, string>;

beforeAll(async () => {
  const [blob, queue, table] = await freePorts(3);
  // Ports that are free (0 = any), so a check that came too late would let the world start and write.
  ports = {
    AILZ_HOST_PORT: "0",
    AILZ_EMULATOR_PORT: "0",
    AILZ_SINK_PORT: "0",
    AILZ_AZURITE_BLOB_PORT: String(blob),
    AILZ_AZURITE_QUEUE_PORT: String(queue),
    AILZ_AZURITE_TABLE_PORT: String(table),
    AILZ_ESTATE: "demo",
    AILZ_POLICY_PATH: "",
    AILZ_FUNCTION_KEY: "",
  };
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A data folder as a previous run leaves it (a key, some state). */
function usedDataDir(name: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(path.join(dir, "timers"), { recursive: true });
  fs.writeFileSync(path.join(dir, "host-keys.json"), JSON.stringify({ functionKey: "k".repeat(40), createdAt: "2026-01-01T00:00:00.000Z" }), { mode: 0o600 });
  fs.writeFileSync(path.join(dir, "timers", "nightlySweepTimer.json"), '{"last":"2026-01-01T02:00:00.000Z"}');
  return dir;
}

/** guardrails.yaml with shadowAi's mode broken; returns the file and where the bad value is. */
function badPolicy(): { file: string; line: number; col: number } {
  const lines = fs.readFileSync(path.join(REPO, "guardrails.yaml"), "utf8").split("\n");
  const line = lines.findIndex((l, i) => l.trim() === "mode: dryRun" && lines[i - 1]?.trim() === "shadowAi:") + 1;
  expect(line).toBeGreaterThan(0);
  lines[line - 1] = "    mode: sometimes";
  const file = path.join(tmp, "bad-guardrails.yaml");
  fs.writeFileSync(file, lines.join("\n"));
  return { file, line, col: "    mode: ".length + 1 };
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe("start-up with a bad policy", () => {
  it("names file, line, column and field, and leaves an existing data folder as it was", async () => {
    const bad = badPolicy();
    const dataDir = usedDataDir("used-policy");
    const before = snapshotDir(dataDir);
    const run = await runStart({ ...ports, AILZ_DATA_DIR: dataDir, AILZ_POLICY_PATH: bad.file });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${bad.file}:${bad.line}:${bad.col} guardrails.shadowAi.mode: Invalid option`);
    expect(run.stderr.startsWith("ailz: invalid policy")).toBe(true);
    noStack(run.stderr);
    expect(snapshotDir(dataDir)).toEqual(before);
  });

  it("does not create a data folder that did not exist", async () => {
    const dataDir = path.join(tmp, "fresh-policy");
    const run = await runStart({ ...ports, AILZ_DATA_DIR: dataDir, AILZ_POLICY_PATH: badPolicy().file });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("guardrails.shadowAi.mode");
    expect(snapshotDir(dataDir)).toBe("absent");
  });
});

describe("start-up with a taken port", () => {
  let blocker: net.Server;
  let taken: number;
  beforeAll(async () => {
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", () => resolve()));
    taken = (blocker.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it("names the port and its variable, and leaves an existing data folder as it was", async () => {
    const dataDir = usedDataDir("used-port");
    const before = snapshotDir(dataDir);
    const run = await runStart({ ...ports, AILZ_HOST_PORT: String(taken), AILZ_DATA_DIR: dataDir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^ailz: /);
    expect(run.stderr).toContain(`Port ${taken} (Functions host, AILZ_HOST_PORT) is already in use. Stop whatever is listening there or set AILZ_HOST_PORT to a free port.\n`);
    noStack(run.stderr);
    expect(snapshotDir(dataDir)).toEqual(before);
  });

  it("does not create a data folder that did not exist", async () => {
    const dataDir = path.join(tmp, "fresh-port");
    const run = await runStart({ ...ports, AILZ_HOST_PORT: String(taken), AILZ_DATA_DIR: dataDir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Port ${taken} (Functions host, AILZ_HOST_PORT)`);
    expect(snapshotDir(dataDir)).toBe("absent");
  });
});

describe("start-up with a bad setting", () => {
  it("names the variable and its value, and writes nothing", async () => {
    const dataDir = path.join(tmp, "fresh-setting");
    const run = await runStart({ ...ports, AILZ_SINK_PORT: "seventy", AILZ_DATA_DIR: dataDir });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('ailz: AILZ_SINK_PORT: must be a port number from 0 to 65535 (0 = any free port), got "seventy"\n');
    expect(snapshotDir(dataDir)).toBe("absent");
  });

  it("refuses a function key file it cannot read, naming it, and leaves it alone", async () => {
    const dataDir = usedDataDir("bad-key");
    fs.writeFileSync(path.join(dataDir, "host-keys.json"), "{ not json");
    const before = snapshotDir(dataDir);
    const run = await runStart({ ...ports, AILZ_DATA_DIR: dataDir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${path.join(dataDir, "host-keys.json")}: not readable as JSON`);
    noStack(run.stderr);
    expect(snapshotDir(dataDir)).toEqual(before);
  });
});
