import { describe, expect, it } from "vitest";
import { createFreshReads } from "../../../shared/facts/createFreshReads";

const ID = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1";

function setup() {
  const clock = { t: Date.parse("2025-01-15T10:00:10.000Z") };
  const reads: string[] = [];
  let fail = false;
  const reader = createFreshReads(
    async (id) => {
      reads.push(id);
      if (fail) throw new Error("ARM down");
      return { id, name: "st1", type: "Microsoft.Storage/storageAccounts", tags: { n: String(reads.length) } };
    },
    { now: () => clock.t },
  );
  return { clock, reads, reader, failNext: (f: boolean) => (fail = f) };
}

describe("createFreshReads", () => {
  it("a read begun after a change (and the clock skew) serves that change's events; a later change reads again", async () => {
    const { clock, reads, reader } = setup();
    const a = await reader.read(ID, new Date("2025-01-15T10:00:00.000Z"));
    const b = await reader.read(ID.toUpperCase(), new Date("2025-01-15T10:00:07.000Z"));
    expect(b).toBe(a);
    expect(reads).toHaveLength(1);
    // Changed within the skew of the read's start: the read might predate it.
    clock.t += 1_000;
    await reader.read(ID, new Date("2025-01-15T10:00:09.000Z"));
    expect(reads).toHaveLength(2);
  });

  it("forget drops the read (ailz wrote the resource); a failed read is not kept; old reads expire", async () => {
    const { clock, reads, reader, failNext } = setup();
    const changed = new Date("2025-01-15T10:00:00.000Z");
    await reader.read(ID, changed);
    reader.forget(ID);
    await reader.read(ID, changed);
    expect(reads).toHaveLength(2);
    failNext(true);
    reader.forget(ID);
    await expect(reader.read(ID, changed)).rejects.toThrow("ARM down");
    failNext(false);
    await reader.read(ID, changed);
    expect(reads).toHaveLength(4);
    clock.t += 61_000;
    await reader.read(ID, changed);
    expect(reads).toHaveLength(5);
  });
});
