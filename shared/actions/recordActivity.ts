import type { ActionOf } from "../estate/Action";
import { callerLabel } from "../estate/callerLabel";
import type { ActionContext } from "./ActionContext";
import type { ActionResult } from "./ActionResult";

/** Records a sandbox's last activity; older activity than the recorded one is a no-op. */
export async function recordActivity(writtenResourceId: string, action: ActionOf<"recordActivity">, ctx: ActionContext): Promise<ActionResult> {
  const stored = await ctx.sandboxActivity.record({
    sandboxId: action.sandboxId,
    at: action.at,
    by: action.actor ? callerLabel(action.actor) : "",
    resourceId: writtenResourceId,
  });
  return stored
    ? { outcome: "succeeded", note: `last activity of ${action.sandboxId} is now ${action.at}`, after: { at: action.at } }
    : { outcome: "succeeded", noop: true, note: "a newer activity is already recorded" };
}
