import type { z } from "zod";
import { aiHardening } from "../guardrails/aiHardening/aiHardening";
import { handPulledKeys } from "../guardrails/handPulledKeys/handPulledKeys";
import { budgetAlerts } from "../guardrails/budgetAlerts/budgetAlerts";
import { diagnosticsCoverage } from "../guardrails/diagnosticsCoverage/diagnosticsCoverage";
import { idleGpuCompute } from "../guardrails/idleGpuCompute/idleGpuCompute";
import { idleGpuQuota } from "../guardrails/idleGpuQuota/idleGpuQuota";
import { multiRegionReadiness } from "../guardrails/multiRegionReadiness/multiRegionReadiness";
import { privateLinkCoverage } from "../guardrails/privateLinkCoverage/privateLinkCoverage";
import { requiredTags } from "../guardrails/requiredTags/requiredTags";
import { sandboxActivity } from "../guardrails/sandboxActivity/sandboxActivity";
import { sandboxLifecycle } from "../guardrails/sandboxLifecycle/sandboxLifecycle";
import { scorecard } from "../guardrails/scorecard/scorecard";
import { shadowAi } from "../guardrails/shadowAi/shadowAi";
import type { GuardrailModule } from "./GuardrailModule";

/**
 * The guardrails ailz ships, in the order their decisions are carried out on an event. A new
 * guardrail is one folder under shared/guardrails and one line here: the policy schema, the JSON
 * Schema, both paths' guardrail sets and every list of guardrail names derive from this.
 */
export const builtInGuardrails = [shadowAi, aiHardening, handPulledKeys, requiredTags, sandboxActivity, idleGpuQuota, idleGpuCompute, sandboxLifecycle, budgetAlerts, privateLinkCoverage, diagnosticsCoverage, multiRegionReadiness, scorecard] as const;

type BuiltInGuardrail = (typeof builtInGuardrails)[number];
/** @internal */
export type GuardrailName = BuiltInGuardrail["name"];

// The runtime registry: the built-ins, plus any registered by an extension (or a test) before the
// policy is loaded. Registration after a policy was parsed would leave that policy without the
// guardrail's entry, so the engine reads entries defensively (entryOf).
const modules = new Map<string, GuardrailModule>(builtInGuardrails.map((m) => [m.name, m as unknown as GuardrailModule]));

/** Adds a guardrail to the engine (again: a no-op). Its name must be new; the policy must be loaded after this. */
export function registerGuardrail<N extends string, P extends z.ZodObject>(module: GuardrailModule<N, P>): void {
  if (!/^[a-z][A-Za-z0-9]*$/.test(module.name)) throw new Error(`guardrail name "${module.name}" must be camelCase letters and digits`);
  if (modules.get(module.name) === (module as unknown)) return;
  if (modules.has(module.name)) throw new Error(`guardrail "${module.name}" is already registered`);
  modules.set(module.name, module as unknown as GuardrailModule);
}

/** Every registered guardrail, built-ins first. */
export const guardrailModules = (): GuardrailModule[] => [...modules.values()];

export const guardrailNames = (): string[] => [...modules.keys()];

export const isGuardrailName = (name: string): boolean => modules.has(name);

/** Guardrails that run on resource events, in the order their decisions are carried out. */
export const eventGuardrails = (): GuardrailModule[] => guardrailModules().filter((m) => m.onEvent);

/** Guardrails the nightly sweep evaluates over whole batches of subscriptions. */
export const sweepGuardrails = (): GuardrailModule[] => guardrailModules().filter((m) => m.onSweep);
