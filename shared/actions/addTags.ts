import type { ActionOf } from "../estate/Action";
import type { ActionContext } from "./ActionContext";
import type { ActionResult } from "./ActionResult";
import { lockBlocking, lockedNote } from "./lockBlocking";

/** Adds tags the resource lacks; a tag already present (any case of its name) is never rewritten. */
export async function addTags(resourceId: string, action: ActionOf<"addTags">, ctx: ActionContext): Promise<ActionResult> {
  const before = await ctx.azure.getTags(resourceId);
  const present = new Set(Object.keys(before).map((k) => k.toLowerCase()));
  const missing = Object.fromEntries(Object.entries(action.tags).filter(([k]) => !present.has(k.toLowerCase())));
  if (Object.keys(missing).length === 0) return { outcome: "succeeded", noop: true, note: "every tag already present", before, after: before };
  const lock = await lockBlocking(ctx.azure, resourceId, "write");
  if (lock) return { outcome: "skipped", note: lockedNote(lock), before };
  const after = await ctx.azure.mergeTags(resourceId, missing);
  return { outcome: "succeeded", note: `added ${Object.keys(missing).join(", ")}`, before, after };
}
