import { describe, expect, it } from "vitest";
import { rateCount, rateShare } from "../../../shared/report/computeScorecard";

describe("scorecard bands", () => {
  it("rates shares and counts as the policy's bands document", () => {
    expect([0, 0.25, 0.5, 0.7, 0.9, 1].map((s) => rateShare(s, [0.25, 0.5, 0.7, 0.9]))).toEqual([1, 2, 3, 4, 5, 5]);
    expect([0, 1, 2, 3, 5, 6, 10, 11].map((c) => rateCount(c, [0, 2, 5, 10]))).toEqual([5, 4, 4, 3, 3, 2, 2, 1]);
  });
});
