import type { ActionContext } from "./ActionContext";
import type { ActionResult } from "./ActionResult";
import type { AiAccountSettings } from "./AzureActionsPort";
import { lockBlocking, lockedNote } from "./lockBlocking";

/** Applies one hardening setting to an AI services account unless it already holds. */
export async function hardenAiAccount(
  accountId: string,
  target: AiAccountSettings,
  done: (s: AiAccountSettings) => boolean,
  what: string,
  ctx: ActionContext,
): Promise<ActionResult> {
  const before = await ctx.azure.getAiAccount(accountId);
  if (!before) return { outcome: "skipped", note: "account no longer exists" };
  if (done(before)) return { outcome: "succeeded", noop: true, note: `${what} already`, before, after: before };
  const lock = await lockBlocking(ctx.azure, accountId, "write");
  if (lock) return { outcome: "skipped", note: lockedNote(lock), before };
  const after = await ctx.azure.updateAiAccount(accountId, target);
  return { outcome: "succeeded", note: what, before, after };
}
