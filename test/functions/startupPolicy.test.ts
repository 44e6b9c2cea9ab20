import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { APP_ENTRY, policyYaml } from "./support/eventsWorld";
import { spawnLocal } from "../support/spawnLocal";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-policy-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("policy validation at start-up", () => {
  it("getPolicy loads AILZ_POLICY_PATH once and names file, line and field of a bad value", async () => {
    const bad = path.join(dir, "bad.yaml");
    fs.writeFileSync(bad, policyYaml({ shadowAi: "sometimes" }));
    process.env.AILZ_POLICY_PATH = bad;
    try {
      const { getPolicy, policyPath } = await import("../../functions/deps");
      expect(policyPath()).toBe(bad);
      let message = "";
      try {
        getPolicy();
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:\\d+:\\d+ guardrails\\.shadowAi\\.mode:`));
    } finally {
      delete process.env.AILZ_POLICY_PATH;
    }
  });

  it("the local world refuses to start with a malformed policy and says which field", async () => {
    const bad = path.join(dir, "bad-world.yaml");
    fs.writeFileSync(bad, policyYaml({ aiHardening: "loud" }));
    let error = "";
    try {
      const world = await spawnLocal({ appEntry: APP_ENTRY, estate: false, env: { AILZ_POLICY_PATH: bad } });
      await world.stop();
    } catch (e) {
      error = (e as Error).message;
    }
    expect(error).toContain("exited before it was ready");
    expect(error).toContain("guardrails.aiHardening.mode");
  });
});
