import type { ActionOf } from "../estate/Action";
import type { ActionContext } from "./ActionContext";
import type { ActionResult } from "./ActionResult";
import { hardenAiAccount } from "./hardenAiAccount";

const COGNITIVE = "microsoft.cognitiveservices/accounts";

/** Sets `disableLocalAuth: true` (keys off, Entra ID only) on a Cognitive Services account. */
export async function disableLocalAuth(resourceId: string, action: ActionOf<"disableLocalAuth">, ctx: ActionContext): Promise<ActionResult> {
  if (action.resourceType.toLowerCase() !== COGNITIVE) return { outcome: "skipped", note: `no automatic fix for ${action.resourceType}; flagged only` };
  return hardenAiAccount(resourceId, { disableLocalAuth: true }, (s) => s.disableLocalAuth === true, "local (key) auth disabled", ctx);
}
