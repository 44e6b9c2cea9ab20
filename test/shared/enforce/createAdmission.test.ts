import { describe, expect, it } from "vitest";
import { createAdmission } from "../../../shared/enforce/createAdmission";

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe("createAdmission", () => {
  it("runs at most maxInFlight at once, the rest in arrival order as slots free", async () => {
    const admit = createAdmission({ maxInFlight: 2, maxWaitMs: 10_000 });
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((g, i) => admit(async () => (started.push(i), await g.promise, i)));
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect([admit.inFlight, admit.waiting]).toEqual([2, 2]);
    gates[1]!.resolve();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.resolve();
    gates[2]!.resolve();
    gates[3]!.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect([admit.inFlight, admit.waiting]).toEqual([0, 0]);
  });

  it("one that cannot start within maxWaitMs fails fast with EventPathBusy, never runs, and does not hold up the queue", async () => {
    const admit = createAdmission({ maxInFlight: 1, maxWaitMs: 20 });
    const gate = deferred();
    let ranLate = false;
    const first = admit(() => gate.promise);
    const late = admit(async () => {
      ranLate = true;
    });
    await expect(late).rejects.toMatchObject({ name: "EventPathBusy" });
    await expect(late).rejects.toThrow(/waited \d+ ms behind 1 events in flight/);
    expect(admit.waiting).toBe(0);
    const next = admit(async () => "next");
    gate.resolve();
    await first;
    expect(await next).toBe("next");
    expect(ranLate).toBe(false);
  });

  it("a run that throws (sync or async) frees its slot", async () => {
    const admit = createAdmission({ maxInFlight: 1, maxWaitMs: 1_000 });
    await expect(admit(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(
      admit(() => {
        throw new Error("sync");
      }),
    ).rejects.toThrow("sync");
    expect(await admit(async () => 1)).toBe(1);
    expect(admit.inFlight).toBe(0);
  });
});
