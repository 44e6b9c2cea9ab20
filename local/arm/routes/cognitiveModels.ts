import { modelsAt } from "../state/cognitiveModelCatalog";
import type { Router } from "../types";
import { requireSubscription } from "./guards";

// The models Azure OpenAI / AI Services accounts can deploy in a region (Models_List), paged with
// nextLink like Azure; the catalogue is local/arm/state/cognitiveModelCatalog.ts.

export function register(router: Router): void {
  router.add("GET", "/subscriptions/{subscriptionId}/providers/Microsoft.CognitiveServices/locations/{location}/models", (req, emu) => {
    requireSubscription(emu, req.params.subscriptionId!);
    return { status: 200, body: emu.page(req, modelsAt(req.params.location!)) };
  }, { kind: "read", rbacAction: "Microsoft.CognitiveServices/locations/models/read", operation: "models.list" });
}
