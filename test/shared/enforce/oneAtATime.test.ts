import { describe, expect, it } from "vitest";
import { oneAtATime } from "../../../shared/enforce/oneAtATime";

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("oneAtATime", () => {
  it("runs one key's work in order, other keys alongside, and a failure does not block the next", async () => {
    const log: string[] = [];
    const work = (name: string, fail = false) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([oneAtATime("vm1", work("a", true)), oneAtATime("vm1", work("b")), oneAtATime("vm2", work("c"))]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled", "fulfilled"]);
    expect(log.indexOf("b start")).toBeGreaterThan(log.indexOf("a end"));
    expect(log.indexOf("c start")).toBeLessThan(log.indexOf("a end"));
  });
});
