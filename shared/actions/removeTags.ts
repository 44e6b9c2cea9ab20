import type { ActionOf } from "../estate/Action";
import type { ActionContext } from "./ActionContext";
import type { ActionResult } from "./ActionResult";
import { lockBlocking, lockedNote } from "./lockBlocking";

/** Removes the named tags where present (ailz's markers once their findings resolve). */
export async function removeTags(resourceId: string, action: ActionOf<"removeTags">, ctx: ActionContext): Promise<ActionResult> {
  const before = await ctx.azure.getTags(resourceId);
  const names = action.tagNames.filter((n) => n in before);
  if (names.length === 0) return { outcome: "succeeded", noop: true, note: "tags already absent", before, after: before };
  const lock = await lockBlocking(ctx.azure, resourceId, "write");
  if (lock) return { outcome: "skipped", note: lockedNote(lock), before };
  const after = await ctx.azure.deleteTags(resourceId, names);
  return { outcome: "succeeded", note: `removed ${names.join(", ")}`, before, after };
}
