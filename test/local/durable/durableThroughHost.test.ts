// The durable backend wired into the real local host (spawned as a child process): an HTTP
// starter using the stock DurableClient, the check-status URLs it hands out, and a host killed
// mid-orchestration that finishes after restart without re-running completed activities.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnLocal, type LocalProcess } from "../../support/spawnLocal";

let local: LocalProcess;
let markerDir: string;

const runs = (name: string): number => {
  const file = path.join(markerDir, name);
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim().split("\n").length : 0;
};

/**
 * After the host is killed its Azurite child saves its database and exits on its own (watchdog);
 * its ports close before the save ends, so wait for the process itself before restarting.
 */
async function azuriteExited(dataDir: string): Promise<void> {
  const location = path.join(dataDir, "azurite");
  for (;;) {
    const alive = fs.readdirSync("/proc").some((pid) => {
      if (!/^\d+$/.test(pid)) return false;
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(location);
      } catch {
        return false;
      }
    });
    if (!alive) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  markerDir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-durable-markers-"));
  local = await spawnLocal({ appEntry: "test/fixtures/durable/hostApp.ts", env: { AILZ_TEST_MARKER_DIR: markerDir } });
});

afterAll(async () => {
  if (process.env.AILZ_DURABLE_TEST_LOG) console.log(local?.output().split("\n").slice(-60).join("\n"));
  await local?.stop();
  fs.rmSync(markerDir, { recursive: true, force: true });
});

describe("durable backend through the local host", () => {
  it("survives a host kill mid-orchestration and finishes without re-running completed activities", async () => {
    fs.writeFileSync(path.join(markerDir, "block"), "");
    const start = await fetch(`${local.hostUrl}/api/orchestrators/hostSteps/crash-1?code=${encodeURIComponent(local.functionKey)}`, { method: "POST", body: JSON.stringify("crash-1") });
    expect(start.status).toBe(202);
    const links = (await start.json()) as { id: string; statusQueryGetUri: string; sendEventPostUri: string };
    expect(links.id).toBe("crash-1");
    expect(new URL(links.statusQueryGetUri).origin).toBe(local.hostUrl);

    await until(async () => (runs("crash-1-3") >= 1 ? true : undefined));
    await local.kill("SIGKILL");
    await azuriteExited(local.dataDir);
    fs.rmSync(path.join(markerDir, "block"));
    await local.restart();

    const status = (): Promise<{ runtimeStatus: string; customStatus: unknown; output: unknown }> =>
      fetch(links.statusQueryGetUri.replace(new URL(links.statusQueryGetUri).origin, local.hostUrl)).then((r) => r.json() as never);
    await until(async () => ((await status()).customStatus === "waiting for Continue" ? true : undefined));
    const raise = await fetch(links.sendEventPostUri.replace("{eventName}", "Continue").replace(new URL(links.sendEventPostUri).origin, local.hostUrl), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify("go on"),
    });
    expect(raise.status).toBe(202);
    const done = await until(async () => {
      const s = await status();
      return ["Completed", "Failed", "Terminated"].includes(s.runtimeStatus) ? s : undefined;
    });
    expect(done.runtimeStatus).toBe("Completed");
    expect(done.output).toEqual({ steps: [10, 20, 30, 40], attempts: 3, sum: Array.from({ length: 50 }, (_, i) => i * i).reduce((a, b) => a + b, 0), note: "go on" });
    expect(runs("crash-1-1")).toBe(1);
    expect(runs("crash-1-2")).toBe(1);
    expect(runs("crash-1-3")).toBe(2); // the attempt in flight at the kill runs again (at-least-once)
    expect(runs("crash-1-4")).toBe(1);
    expect(runs("crash-1-flaky")).toBe(3);
  });
});
