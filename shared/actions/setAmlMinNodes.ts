import type { ActionOf } from "../estate/Action";
import type { ActionContext } from "./ActionContext";
import type { ActionResult } from "./ActionResult";
import { lockBlocking, lockedNote } from "./lockBlocking";

/** Lowers an AML cluster's minimum node count unless it is already there (or gone); a locked cluster is reported, not forced. */
export async function setAmlMinNodes(action: ActionOf<"setAmlMinNodes">, ctx: ActionContext): Promise<ActionResult> {
  const before = await ctx.azure.amlMinNodes(action.computeId);
  if (before === undefined) return { outcome: "skipped", note: "compute no longer exists" };
  if (before <= action.toMinNodes) return { outcome: "succeeded", noop: true, note: `minimum already ${before}`, before: { minNodeCount: before }, after: { minNodeCount: before } };
  const lock = await lockBlocking(ctx.azure, action.computeId, "write");
  if (lock) return { outcome: "skipped", note: lockedNote(lock), before: { minNodeCount: before } };
  await ctx.azure.setAmlMinNodes(action.computeId, action.toMinNodes);
  const after = await ctx.azure.amlMinNodes(action.computeId);
  return { outcome: "succeeded", note: `minimum nodes set to ${after}`, before: { minNodeCount: before }, after: { minNodeCount: after } };
}
