import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateEstate, writeGeneratedEstate } from "../../../local/estate/generate";
import { loadEstate } from "../../../local/arm/persistence";

const NOW = new Date("2026-05-10T00:00:00Z");

describe("generateEstate", () => {
  it("builds the requested sizes with ~5% GPU VMs, ~2% AI accounts and aggregated daily cost", () => {
    const e = generateEstate({ subscriptions: 50, resources: 5000, seed: 7, now: NOW });
    expect(e.subscriptions).toHaveLength(50);
    expect(e.resources).toHaveLength(5000);
    const gpu = e.resources.filter((r) => /^Standard_N/.test(String((r.properties as { hardwareProfile?: { vmSize?: string } }).hardwareProfile?.vmSize ?? ""))).length;
    const ai = e.resources.filter((r) => r.type === "Microsoft.CognitiveServices/accounts").length;
    expect(gpu / 5000).toBeGreaterThan(0.03);
    expect(gpu / 5000).toBeLessThan(0.07);
    expect(ai / 5000).toBeGreaterThan(0.01);
    expect(ai / 5000).toBeLessThan(0.03);
    expect(new Set(e.costRecords.map((c) => c.date)).size).toBe(45);
    expect(e.costRecords.length).toBeLessThanOrEqual(50 * 45 * 2);
    const mgs = new Set(e.managementGroups!.map((m) => m.name));
    for (const s of e.subscriptions!) expect(mgs.has(s.managementGroupId!)).toBe(true);
    expect(new Set(e.resources.map((r) => r.id.toLowerCase())).size).toBe(5000);
  });

  it("is deterministic for a seed and differs across seeds", () => {
    const a = JSON.stringify(generateEstate({ subscriptions: 10, resources: 300, seed: 3, now: NOW }));
    expect(JSON.stringify(generateEstate({ subscriptions: 10, resources: 300, seed: 3, now: NOW }))).toBe(a);
    expect(JSON.stringify(generateEstate({ subscriptions: 10, resources: 300, seed: 4, now: NOW }))).not.toBe(a);
  });

  it("rejects bad sizes naming the field", () => {
    expect(() => generateEstate({ subscriptions: 0, resources: 10 })).toThrow(/subscriptions/);
    expect(() => generateEstate({ subscriptions: 1, resources: -1 })).toThrow(/resources/);
  });

  it("writes a file the emulator's loader reads back", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "ailz-gen-"));
    try {
      const e = generateEstate({ subscriptions: 20, resources: 1000, seed: 1, now: NOW });
      const file = path.join(dir, "estate.json");
      await writeGeneratedEstate(file, e);
      const state = await loadEstate(file);
      expect(state.resources.size).toBe(1000);
      expect(state.subscriptions.size).toBe(20);
      expect(state.costRecords.length).toBe(e.costRecords.length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
