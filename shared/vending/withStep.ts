import type { VendingRequestState, VendingStep } from "../estate/VendingRequestState";

/** The state with one step's record merged in (added in runbook order when new). */
export function withStep<S extends VendingRequestState>(s: S, name: string, patch: Partial<VendingStep>, at: string): S {
  const steps = [...s.steps];
  const i = steps.findIndex((x) => x.name === name);
  const current: VendingStep = i >= 0 ? steps[i]! : { name, status: "pending" };
  const next: VendingStep = { ...current, ...patch, name };
  if (i >= 0) steps[i] = next;
  else steps.push(next);
  return { ...s, steps, updatedAt: at };
}

/** Results of the steps that already succeeded, by step name (what a retry skips). */
export function completedSteps(s: VendingRequestState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const step of s.steps) if (step.status === "succeeded") out[step.name] = step.result ?? null;
  return out;
}
