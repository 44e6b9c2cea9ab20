import type { z } from "zod";
import type { Policy } from "../config/Policy";
import type { Decision } from "../estate/Decision";
import type { SandboxState } from "../estate/SandboxState";
import type { ResourceEvent } from "../events/ResourceEvent";
import type { EventFacts } from "../facts/EventFacts";
import type { SweepBatch } from "../sweep/SweepBatch";

/** What an event needs read before a guardrail can judge it; decided from type and operation alone. */
export interface EventNeeds {
  /** The resource's body (an ARM read unless the payload carries it). */
  resource?: boolean;
  /** The tags of the resource's group (cached). */
  resourceGroupTags?: boolean;
}

/** One event and what was read for it. */
interface EventInput extends EventFacts {
  event: ResourceEvent;
}

/** A guardrail's verdicts on one sweep batch, and the lifecycle states it moved (sandboxes). */
export interface SweepOutcome {
  decisions: Decision[];
  sandboxStates?: SandboxState[];
  /** Sandboxes about to be decommissioned whose locks are not known yet: read them, then evaluate again. */
  needLocks?: string[];
}

/**
 * What the registry holds per guardrail, and all the engine needs to run it: its params schema
 * (every field defaulted) with a documented YAML example of its policy entry, and the triggers it
 * answers. `onEvent` runs on resource events, `onSweep` on the nightly sweep's batches; a module
 * with neither only contributes settings (the scorecard). Evaluators are pure: facts in,
 * decisions out. Mode, scope, exemptions and locks are the engine's, never the module's.
 */
export interface GuardrailModule<Name extends string = string, Params extends z.ZodObject = z.ZodObject> {
  name: Name;
  paramsSchema: Params;
  example: string;
  onEvent?: {
    /** Whether this event is one the guardrail judges (false), and if so what it must read first. */
    needs(event: ResourceEvent, params: z.infer<Params>, policy: Policy): EventNeeds | false;
    evaluate(input: EventInput, params: z.infer<Params>, policy: Policy, now: Date): Decision[];
  };
  onSweep?: {
    evaluate(batch: SweepBatch, params: z.infer<Params>, policy: Policy, now: Date): SweepOutcome;
  };
}
