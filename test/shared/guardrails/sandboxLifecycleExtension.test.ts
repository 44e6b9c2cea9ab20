import { describe, expect, it } from "vitest";
import { nextSandboxState } from "../../../shared/guardrails/sandboxLifecycle/nextSandboxState";
import { extendSandbox } from "../../../shared/guardrails/sandboxLifecycle/extendSandbox";
import type { SandboxFacts } from "../../../shared/guardrails/sandboxLifecycle/SandboxFacts";
import { SandboxState } from "../../../shared/estate/SandboxState";
import { examplePolicy } from "../fixtures/policy";
import { alice, gpuVm, subscriptionFacts } from "../fixtures/facts";
import { SANDBOX_SUB } from "../fixtures/ids";

// The e2e "dave" case, pure: recorded activity 22 days before night 0 (already flagged), an
// extension on night 3 after the sweep, and the recorded activity never changes again.
const policy = examplePolicy();
const DAY = 86_400_000;
const START = Date.parse("2025-03-01T03:00:00Z");
const night = (d: number) => new Date(START + d * DAY);
const sbSub = subscriptionFacts({ id: SANDBOX_SUB, archetype: "sandbox" });
const facts = (tags: Record<string, string> = {}): SandboxFacts => ({
  id: `/subscriptions/${SANDBOX_SUB}`,
  kind: "subscription",
  tags,
  resources: [gpuVm({}, sbSub)],
  recordedActivity: { at: night(-22).toISOString(), actor: alice },
});

function run(tags: Record<string, string> = {}) {
  let state: SandboxState | undefined;
  const flagged: number[] = [];
  let decommissioned: number | undefined;
  for (let d = 0; d < 45; d++) {
    const r = nextSandboxState(state, facts(tags), policy, night(d));
    state = SandboxState.parse(r.state);
    if (r.decisions.some((x) => x.action?.type === "tag")) flagged.push(d);
    if (decommissioned === undefined && state.status === "Decommissioned") decommissioned = d;
    // The extension arrives a few minutes after night 3's sweep.
    if (d === 3) state = SandboxState.parse(extendSandbox(state, alice, policy, new Date(night(3).getTime() + 300_000)).state);
  }
  return { flagged, decommissioned, state: state! };
}

describe("sandboxLifecycle: an extension is a fresh start of the inactivity clock", () => {
  it("flags again 14 days and decommissions 30 days after the extension (not after the flag, not after the old activity)", () => {
    const { flagged, decommissioned, state } = run();
    expect(flagged).toEqual([0, 18]);
    // 30 days after night 3 + 5 min: night 33 is 5 minutes short, night 34 is past it.
    expect(decommissioned).toBe(34);
    expect(state).toMatchObject({ status: "Decommissioned", why: "inactive", lastActivityAt: new Date(night(3).getTime() + 300_000).toISOString(), extensions: 1 });
  });

  it("does not move an expires-on date: an extended sandbox still goes at expiry", () => {
    const expiresOn = new Date(START + 30 * DAY).toISOString().slice(0, 10);
    const { decommissioned, state } = run({ "expires-on": expiresOn });
    // Its 03:00 sweep on the expiry date, four nights before the inactivity decommission.
    expect(decommissioned).toBe(30);
    expect(state).toMatchObject({ status: "Decommissioned", why: "expired", extensions: 1 });
  });
});
