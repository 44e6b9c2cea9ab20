import { describe, expect, it } from "vitest";
import { parseSchedule } from "../../../local/host/parseSchedule";

const at = (iso: string) => Date.parse(iso);

describe("parseSchedule", () => {
  it("reads 6-field NCRONTAB with seconds, in UTC", () => {
    const s = parseSchedule("30 */5 * * * *");
    expect(new Date(s.nextAfter(at("2026-03-01T10:02:00Z"))).toISOString()).toBe("2026-03-01T10:05:30.000Z");
    const daily = parseSchedule("0 0 3 * * *");
    expect(new Date(daily.nextAfter(at("2026-03-01T03:00:00Z"))).toISOString()).toBe("2026-03-02T03:00:00.000Z");
  });

  it("reads day-of-week names and 5-field expressions", () => {
    const mon = parseSchedule("0 0 9 * * Mon");
    expect(new Date(mon.nextAfter(at("2026-03-01T00:00:00Z"))).toISOString()).toBe("2026-03-02T09:00:00.000Z");
    expect(new Date(parseSchedule("15 * * * *").nextAfter(at("2026-03-01T00:00:00Z"))).toISOString()).toBe("2026-03-01T00:15:00.000Z");
  });

  it("reads TimeSpan intervals and %setting% references", () => {
    expect(parseSchedule("00:10:00").nextAfter(1000)).toBe(601_000);
    process.env.AILZ_TEST_SCHEDULE = "0 30 1 * * *";
    expect(parseSchedule("%AILZ_TEST_SCHEDULE%").expression).toBe("0 30 1 * * *");
    delete process.env.AILZ_TEST_SCHEDULE;
    expect(() => parseSchedule("%AILZ_TEST_SCHEDULE%", "nightly.schedule")).toThrow(/nightly\.schedule/);
  });

  it("rejects malformed expressions naming the field", () => {
    expect(() => parseSchedule("every night", "sweep.schedule")).toThrow(/sweep\.schedule/);
    expect(() => parseSchedule("0 0 25 * * *", "sweep.schedule")).toThrow(/sweep\.schedule/);
  });
});
