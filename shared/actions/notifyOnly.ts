import type { ActionOf } from "../estate/Action";
import type { Decision } from "../estate/Decision";
import type { ActionContext } from "./ActionContext";
import type { ActionResult } from "./ActionResult";

/** Sends the decision as a notification (explicit contacts, else the usual routing). */
export async function notifyOnly(decision: Decision, action: ActionOf<"notifyOnly">, ctx: ActionContext): Promise<ActionResult> {
  if (!ctx.notifier) return { outcome: "skipped", note: "no notifier configured" };
  const r = await ctx.notifier.notify({
    title: action.subject ?? `${decision.guardrail}: ${decision.reason}`,
    summary: decision.reason,
    recipients: action.contacts,
    kind: "decision.notify",
    resourceId: decision.resourceId,
    guardrail: decision.guardrail,
  });
  const sent = r.results.filter((x) => x.outcome === "sent").length;
  return { outcome: sent > 0 || r.results.length === 0 ? "succeeded" : "failed", note: `sent to ${r.recipients.join(", ") || "nobody"} via ${sent} channel(s)` };
}
