import type { ActionOf } from "../estate/Action";
import type { ActionContext } from "./ActionContext";
import type { ActionResult } from "./ActionResult";
import { lockBlocking, lockedNote } from "./lockBlocking";

/** Sets ailz's own marker tags (`ailz-finding`...): ours to overwrite; unchanged values are not rewritten. */
export async function tagResource(resourceId: string, action: ActionOf<"tag">, ctx: ActionContext): Promise<ActionResult> {
  const before = await ctx.azure.getTags(resourceId);
  const changes = Object.fromEntries(Object.entries(action.tags).filter(([k, v]) => before[k] !== v));
  if (Object.keys(changes).length === 0) return { outcome: "succeeded", noop: true, note: "tags already set", before, after: before };
  const lock = await lockBlocking(ctx.azure, resourceId, "write");
  if (lock) return { outcome: "skipped", note: lockedNote(lock), before };
  const after = await ctx.azure.mergeTags(resourceId, changes);
  return { outcome: "succeeded", note: `set ${Object.keys(changes).join(", ")}`, before, after };
}
