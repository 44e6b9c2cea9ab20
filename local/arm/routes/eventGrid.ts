import { validateWebhook } from "../events/validateWebhook";
import { checkAccess } from "../rbac/checkAccess";
import { writeResource } from "../resources/writeResource";
import type { Router } from "../types";

// Event subscription creation with Event Grid's webhook validation handshake (when switched on
// with PUT /_emulator/events {validateWebhooks: true}); storage and the rest are generic.

/** Event subscriptions on a Resource Notifications topic also need this, at the subscription (learn.microsoft.com/azure/event-grid/event-schema-resources). */
const SUBSCRIBE_TO_RESOURCES = "Microsoft.ResourceNotifications/systemTopics/subscribeToResources/action";

const EVENT_SUBSCRIPTION = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.EventGrid/systemTopics/{systemTopicName}/eventSubscriptions/{eventSubscriptionName}";

export function register(router: Router): void {
  router.add("PUT", EVENT_SUBSCRIPTION, async (req, emu) => {
    const props = req.body?.properties;
    const url = props?.destination?.properties?.endpointUrl;
    const topicId = req.path.slice(0, req.path.toLowerCase().lastIndexOf("/eventsubscriptions/"));
    if (String((emu.state.getResource(topicId)?.properties as { topicType?: string } | undefined)?.topicType ?? "").toLowerCase() === "microsoft.resourcenotifications.resources") {
      const denied = checkAccess(emu, req.caller, SUBSCRIBE_TO_RESOURCES, `/subscriptions/${req.params.subscriptionId}`);
      const c = req.caller;
      emu.recordRbac({ time: emu.nowIso(), method: req.method, path: req.path, action: SUBSCRIBE_TO_RESOURCES, status: denied?.status ?? 200, caller: { objectId: c.objectId, idtyp: c.idtyp, appId: c.appId, upn: c.upn } });
      if (denied) return denied;
    }
    const existing = emu.state.getResource(req.path);
    const sameUrl = existing && (existing.properties as any)?.destination?.properties?.endpointUrl === url;
    if (emu.events.config.validateWebhooks && typeof url === "string" && !sameUrl) {
      const topic = req.path.slice(0, req.path.toLowerCase().lastIndexOf("/eventsubscriptions/"));
      const failure = await validateWebhook(url, topic, props?.eventDeliverySchema === "CloudEventSchemaV1_0", emu.nowIso());
      if (failure) {
        return emu.armError(400, "InvalidRequest", `Webhook validation handshake failed for ${url.split("?")[0]}. ${failure}. For troubleshooting, visit https://aka.ms/esvalidation.`);
      }
    }
    return writeResource(emu, req, req.path, "put");
  }, { kind: "write", rbacAction: "Microsoft.EventGrid/systemTopics/eventSubscriptions/write", operation: "eventSubscriptions.createOrUpdate" });

  router.add("POST", `${EVENT_SUBSCRIPTION}/getFullUrl`, (req, emu) => {
    const sub = emu.state.getResource(req.path.slice(0, req.path.lastIndexOf("/")));
    if (!sub) return emu.armError(404, "ResourceNotFound", `Event subscription '${req.params.eventSubscriptionName}' was not found.`);
    return { status: 200, body: { endpointUrl: (sub.properties as any)?.destination?.properties?.endpointUrl } };
  }, { kind: "read", rbacAction: "Microsoft.EventGrid/systemTopics/eventSubscriptions/getFullUrl/action", operation: "eventSubscriptions.getFullUrl" });
}
