import type { Caller } from "../../estate/Caller";
import type { ResourceFacts } from "../../estate/ResourceFacts";

/** A sandbox's spend this period and the budget its cost cap is measured against. */
export interface SandboxCost {
  actual: number;
  forecast: number;
  /** What the forecast rests on, in words (forecastOf). */
  forecastBasis: string;
  budget: number;
  /** Where the budget comes from: the owner's new cap, the sandbox's tag, its Azure budget or the policy's default. */
  budgetSource: "override" | "tag" | "azureBudget" | "policyDefault";
  currency: string;
}

/** What the sweep knows about one sandbox tonight. */
export interface SandboxFacts {
  /** `/subscriptions/{id}` or `/subscriptions/{id}/resourceGroups/{rg}` (see `sandboxIdOf`). */
  id: string;
  kind: "subscription" | "resourceGroup";
  /** The sandbox's own tags (subscription or resource group): `expires-on`, `owner`. */
  tags: Record<string, string>;
  /** Resources inside the sandbox (compute is deallocated at decommission). */
  resources: ResourceFacts[];
  /** The latest write the event path recorded; absent on the first run. */
  recordedActivity?: { at: string; actor?: Caller };
  /**
   * Resource Graph's change records inside the sandbox (first run: no recorded activity yet): the
   * newest change not by ailz, if any within the retention window that starts at `since`.
   */
  changes?: { since: string; lastAt?: string };
  /** This period's spend against the sandbox's budget; absent when it has no budget (no cap). */
  cost?: SandboxCost;
  /** Ids under a management lock (a lock on a group covers what is inside it). */
  lockedResourceIds?: string[];
}
