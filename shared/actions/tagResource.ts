import type { ActionOf } from "../estate/Action";
import type { ActionContext } from "./ActionContext";
import type { ActionResult } from "./ActionResult";
import { lockBlocking, lockedNote } from "./lockBlocking";

/** Sets ailz's own marker tags (`ailz-finding`...): ours to overwrite; unchanged values are not rewritten. */
export async function tagResource(resourceId: string, action: ActionOf<"tag">, ctx: ActionContext): Promise<ActionResult> {
  // Both reads at once: a caller asks for a marker that differs from the tags it read, so the lock
  // check is almost always needed, and one round trip less is the marker's share of an event's time.
  const [before, lock] = await Promise.all([ctx.azure.getTags(resourceId), lockBlocking(ctx.azure, resourceId, "write")]);
  const changes = Object.fromEntries(Object.entries(action.tags).filter(([k, v]) => before[k] !== v));
  if (Object.keys(changes).length === 0) return { outcome: "succeeded", noop: true, note: "tags already set", before, after: before };
  if (lock) return { outcome: "skipped", note: lockedNote(lock), before };
  const after = await ctx.azure.mergeTags(resourceId, changes);
  return { outcome: "succeeded", note: `set ${Object.keys(changes).join(", ")}`, before, after };
}
