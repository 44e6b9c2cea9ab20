import { describe, expect, it } from "vitest";
import { computeScorecard, type ScorecardFacts } from "../../../shared/guardrails/scorecard/computeScorecard";
import { evaluateScorecard } from "../../../shared/guardrails/scorecard/evaluateScorecard";
import { rateCount, rateShare } from "../../../shared/guardrails/scorecard/rateShare";
import { examplePolicy } from "../fixtures/policy";
import { gpuVm, NOW, openAiAccount } from "../fixtures/facts";
import { CORP_SUB, PIPELINE_APP_ID } from "../fixtures/ids";

const policy = examplePolicy();
const byPipeline = { createdBy: PIPELINE_APP_ID, createdByType: "Application" as const };
const good: ScorecardFacts = {
  aiResources: [openAiAccount(byPipeline), openAiAccount({ ...byPipeline, name: "oai-2" }), gpuVm(byPipeline)],
  keyVaultSubscriptionIds: [CORP_SUB],
  gpuQuota: [
    { location: "eastus2", family: "standardNCADSA100v4Family", limit: 96 },
    { location: "swedencentral", family: "standardNCadsH100v5Family", limit: 40 },
  ],
  shadowCount: 0,
  previousShadowCount: 0,
};
const score = (rows: ReturnType<typeof computeScorecard>, d: string) => rows.find((r) => r.dimension === d)!.score;

describe("scorecard", () => {
  it("rates bands as documented", () => {
    expect([0, 0.25, 0.5, 0.7, 0.9, 1].map((s) => rateShare(s, [0.25, 0.5, 0.7, 0.9]))).toEqual([1, 2, 3, 4, 5, 5]);
    expect([0, 1, 2, 3, 5, 6, 10, 11].map((c) => rateCount(c, [0, 2, 5, 10]))).toEqual([5, 4, 4, 3, 3, 2, 2, 1]);
  });

  it("a well-governed estate scores 5s and calls nothing out (team skills from the policy)", () => {
    const rows = computeScorecard(good, policy);
    expect(rows.map((r) => [r.dimension, r.score])).toEqual([
      ["gpuReadiness", 5],
      ["networking", 5],
      ["security", 5],
      ["automation", 5],
      ["shadowAi", 5],
      ["teamSkills", 3],
    ]);
    expect(evaluateScorecard(good, policy, NOW).every((d) => d.verdict === "ok")).toBe(true);
  });

  it("calls out public, key-auth, hand-made AI and a rising shadow count", () => {
    const bad: ScorecardFacts = {
      aiResources: [openAiAccount({ identity: undefined, properties: { publicNetworkAccess: "Enabled" } }), gpuVm({ createdBy: "bob@contoso.com", createdByType: "User" })],
      keyVaultSubscriptionIds: [],
      gpuQuota: [{ location: "eastus2", family: "standardNCADSA100v4Family", limit: 0 }],
      shadowCount: 6,
      previousShadowCount: 2,
    };
    const rows = computeScorecard(bad, policy);
    expect(score(rows, "networking")).toBe(1);
    expect(score(rows, "security")).toBe(1);
    expect(score(rows, "automation")).toBe(1);
    expect(score(rows, "gpuReadiness")).toBe(1);
    expect(score(rows, "shadowAi")).toBe(1); // 6 -> 2, rising -> 1
    const flagged = evaluateScorecard(bad, policy, NOW).filter((d) => d.verdict === "flag").map((d) => d.rule);
    expect(flagged).toEqual(["gpuReadiness", "networking", "security", "automation", "shadowAi"]);
  });
});
