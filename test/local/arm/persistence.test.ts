import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstLineEndsWith, loadEstate, readEstateFile, writeEstateFile } from "../../../local/arm/persistence";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "ailz-estate-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("estate files", () => {
  it("streams an estate whose header line (subscriptions, cost records) is far longer than 64 KB", async () => {
    const file = path.join(dir, "long-header.json");
    const subscriptions = Array.from({ length: 3_000 }, (_, i) => ({ subscriptionId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, displayName: `sub-${i}` }));
    const resources = [{ id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st", name: "st", type: "Microsoft.Storage/storageAccounts", location: "eastus" }];
    await writeEstateFile(file, { subscriptions }, resources);
    // The line layout is recognised past the first 64 KB, so the file is streamed, not parsed whole.
    expect(await firstLineEndsWith(file, '"resources":[')).toBe(true);
    const plain = path.join(dir, "plain.json");
    await writeFile(plain, JSON.stringify({ subscriptions, resources }));
    expect(await firstLineEndsWith(plain, '"resources":[')).toBe(false);
    const read = await readEstateFile(file);
    expect(read.subscriptions).toHaveLength(3_000);
    expect(read.resources).toEqual(resources);
  });

  it("round-trips a multi-megabyte estate through the one-resource-per-line layout", async () => {
    const file = path.join(dir, "big.json");
    const resources = Array.from({ length: 6_000 }, (_, i) => ({
      id: `/subscriptions/s${i % 7}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st${i}`,
      name: `st${i}`,
      type: "Microsoft.Storage/storageAccounts",
      location: "eastus",
      tags: { note: "é€".repeat(50) + i },
      properties: { blob: "x".repeat(300) },
    }));
    await writeEstateFile(file, { subscriptions: [{ subscriptionId: "s0", displayName: "zero" }] }, resources);
    const read = await readEstateFile(file);
    expect(read.resources).toHaveLength(6_000);
    expect(read.resources![5_999]).toEqual(resources[5_999]);
    expect(read.subscriptions).toEqual([{ subscriptionId: "s0", displayName: "zero" }]);
    const state = await loadEstate(file);
    expect([...state.resourcesInSubscription("S3")]).toHaveLength(Math.ceil((6_000 - 3) / 7));
  });

  it("reads ordinary JSON too and names the resource that is wrong", async () => {
    const file = path.join(dir, "plain.json");
    await writeFile(file, JSON.stringify({ resources: [{ id: "/subscriptions/a/resourceGroups/r/providers/X.Y/z/n", name: "n", type: "X.Y/z" }] }, null, 2));
    expect((await loadEstate(file)).resources.size).toBe(1);
    await writeFile(file, JSON.stringify({ resources: [{ id: "/a", name: "n" }] }));
    await expect(loadEstate(file)).rejects.toThrow(/resources\[0\].*type/);
  });
});
