import { describe, expect, it } from "vitest";
import { nextSandboxState } from "../../../shared/guardrails/sandboxLifecycle/nextSandboxState";
import type { SandboxFacts } from "../../../shared/guardrails/sandboxLifecycle/SandboxFacts";
import { examplePolicy } from "../fixtures/policy";
import { CORP_SUB } from "../fixtures/ids";

// The first run over a resource-group sandbox (no state, no recorded activity, Resource Graph rows
// without systemData): Resource Graph's change records decide its last activity.

const policy = examplePolicy();
const NOW = new Date("2025-03-20T02:00:00Z");
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const group = (o: Partial<SandboxFacts> = {}): SandboxFacts => ({ id: `/subscriptions/${CORP_SUB}/resourceGroups/rg-sbx`, kind: "resourceGroup", tags: {}, resources: [], ...o });
const inactive = (facts: SandboxFacts, state?: Parameters<typeof nextSandboxState>[0]) => nextSandboxState(state, facts, policy, NOW).decisions.find((d) => d.rule === "inactive");

describe("first-run sandbox activity from change records", () => {
  it("the newest change is the last activity: three days ago stays active, twenty days ago is flagged", () => {
    const recent = nextSandboxState(undefined, group({ changes: { since: daysAgo(14), lastAt: daysAgo(3) } }), policy, NOW);
    expect(recent.state).toMatchObject({ status: "Active", lastActivityAt: daysAgo(3) });
    expect(recent.decisions.filter((d) => d.rule === "inactive")).toEqual([]);
  });

  it("no change in the 14-day window: at least that idle, flagged on night one and said so", () => {
    const d = inactive(group({ changes: { since: daysAgo(14) } }));
    expect(d?.verdict).toBe("act");
    expect(d?.reason).toContain("no activity for at least 14 days (no change recorded since 2025-03-06)");
  });

  it("without change records (none read) the first run still counts as active; state and recorded activity win over change records", () => {
    expect(nextSandboxState(undefined, group(), policy, NOW).state.status).toBe("Active");
    const recorded = nextSandboxState(undefined, group({ recordedActivity: { at: daysAgo(20) }, changes: { since: daysAgo(14), lastAt: daysAgo(1) } }), policy, NOW);
    expect(recorded.state.lastActivityAt).toBe(daysAgo(20));
    const state = { id: group().id, kind: "resourceGroup" as const, status: "Active" as const, lastActivityAt: daysAgo(2), extensions: 0, updatedAt: daysAgo(1) };
    expect(inactive(group({ changes: { since: daysAgo(14) } }), state)).toBeUndefined();
  });
});
