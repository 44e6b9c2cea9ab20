import type { ActionOf } from "../estate/Action";
import type { ActionResult } from "./ActionResult";
import { lockBlocking, lockedNote } from "./lockBlocking";
import type { ActionContext } from "./ActionContext";

/** Deletes a sandbox resource group; a lock on it (or inherited) is reported and never removed. */
export async function deleteResourceGroup(action: ActionOf<"deleteResourceGroup">, ctx: ActionContext): Promise<ActionResult> {
  if (!(await ctx.azure.resourceGroupExists(action.resourceGroupId))) return { outcome: "succeeded", noop: true, note: "resource group already gone" };
  const lock = await lockBlocking(ctx.azure, action.resourceGroupId, "delete");
  if (lock) return { outcome: "skipped", note: lockedNote(lock) };
  await ctx.azure.deleteResourceGroup(action.resourceGroupId);
  return { outcome: "succeeded", note: "deletion started", before: { exists: true }, after: { exists: false } };
}
