import * as df from "durable-functions";
import type { createVendingActivities } from "./createVendingActivities";
import { VEND_SUBSCRIPTION, VendingActivity } from "./names";
import { vendSubscription } from "./vendSubscription";

type Activities = ReturnType<typeof createVendingActivities>;

/**
 * Registers the orchestrator and every activity. Activities are built on first invocation, so the
 * dependencies (policy, clients, stores) come into being when work arrives, not at import.
 */
export function registerVending(activities: () => Activities): void {
  df.app.orchestration(VEND_SUBSCRIPTION, vendSubscription);
  let bound: Activities | undefined;
  for (const name of Object.values(VendingActivity)) {
    df.app.activity(name, {
      handler: (input: unknown) => {
        bound ??= activities();
        return (bound[name] as (i: unknown) => Promise<unknown>)(input);
      },
    });
  }
}
