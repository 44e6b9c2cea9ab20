import type { ActionOf } from "../estate/Action";
import type { ActionContext } from "./ActionContext";
import type { ActionResult } from "./ActionResult";
import { lockBlocking, lockedNote } from "./lockBlocking";

/** Deallocates a VM unless it already is (or is gone); a locked VM is reported, not forced. */
export async function deallocateVm(action: ActionOf<"deallocate">, ctx: ActionContext): Promise<ActionResult> {
  const before = await ctx.azure.vmPowerState(action.vmId);
  if (before === undefined) return { outcome: "skipped", note: "VM no longer exists" };
  if (before === "deallocated" || before === "deallocating") return { outcome: "succeeded", noop: true, note: `VM already ${before}`, before: { powerState: before }, after: { powerState: before } };
  const lock = await lockBlocking(ctx.azure, action.vmId, "write");
  if (lock) return { outcome: "skipped", note: lockedNote(lock), before: { powerState: before } };
  await ctx.azure.deallocateVm(action.vmId);
  const after = await ctx.azure.vmPowerState(action.vmId);
  return { outcome: "succeeded", note: "deallocation started", before: { powerState: before }, after: { powerState: after } };
}
