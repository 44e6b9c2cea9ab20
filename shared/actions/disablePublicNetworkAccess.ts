import type { ActionOf } from "../estate/Action";
import type { ActionContext } from "./ActionContext";
import type { ActionResult } from "./ActionResult";
import { hardenAiAccount } from "./hardenAiAccount";

const COGNITIVE = "microsoft.cognitiveservices/accounts";

/** Sets `publicNetworkAccess: Disabled` on a Cognitive Services (OpenAI / AI services) account. */
export async function disablePublicNetworkAccess(resourceId: string, action: ActionOf<"disablePublicNetworkAccess">, ctx: ActionContext): Promise<ActionResult> {
  if (action.resourceType.toLowerCase() !== COGNITIVE) return { outcome: "skipped", note: `no automatic fix for ${action.resourceType}; flagged only` };
  return hardenAiAccount(resourceId, { publicNetworkAccess: "Disabled" }, (s) => s.publicNetworkAccess?.toLowerCase() === "disabled", "public network access disabled", ctx);
}
