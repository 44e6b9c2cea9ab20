import { sendsLogsTo } from "../azure/monitor/diagnosticSettings";
import type { ActionOf } from "../estate/Action";
import type { ActionContext } from "./ActionContext";
import type { ActionResult } from "./ActionResult";
import { lockBlocking, lockedNote } from "./lockBlocking";

/**
 * Sends a resource's logs to the platform workspace with a diagnostic setting of ailz's name.
 * Idempotent: any setting already sending logs there (whoever made it) is enough, and a team's
 * other settings are never touched.
 */
export async function createDiagnosticSetting(resourceId: string, action: ActionOf<"createDiagnosticSetting">, ctx: ActionContext): Promise<ActionResult> {
  const before = await ctx.azure.diagnosticSettings(resourceId);
  if (!before) return { outcome: "skipped", note: "resource no longer exists" };
  const covering = before.find((s) => sendsLogsTo(s, action.workspaceId));
  if (covering) return { outcome: "succeeded", noop: true, note: `diagnostic setting ${covering.name} already sends logs to the workspace`, before, after: before };
  const lock = await lockBlocking(ctx.azure, resourceId, "write");
  if (lock) return { outcome: "skipped", note: lockedNote(lock), before };
  const made = await ctx.azure.putDiagnosticSetting(resourceId, action.name, { workspaceId: action.workspaceId, categoryGroups: action.categoryGroups, metrics: true });
  return { outcome: "succeeded", note: `diagnostic setting ${action.name} created`, before, after: [...before.filter((s) => s.name !== made.name), made] };
}
