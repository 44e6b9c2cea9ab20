import type { Router } from "../types";
import { requireObjectBody, requireSubscription } from "./guards";
import { subscriptionView } from "./subscriptionView";

export function register(router: Router): void {
  router.add("GET", "/subscriptions", (req, emu) => {
    const subs = [...emu.state.subscriptions.values()].filter((s) => s.state !== "Deleted").map((s) => subscriptionView(s, emu.state.tenantId));
    return { status: 200, body: emu.page(req, subs) };
  }, { kind: "read", rbacAction: "Microsoft.Resources/subscriptions/read", operation: "subscriptions.list" });

  router.add("GET", "/subscriptions/{subscriptionId}", (req, emu) => {
    const sub = requireSubscription(emu, req.params.subscriptionId!);
    return { status: 200, body: subscriptionView(sub, emu.state.tenantId) };
  }, { kind: "read", rbacAction: "Microsoft.Resources/subscriptions/read", operation: "subscriptions.get" });

  router.add("POST", "/subscriptions/{subscriptionId}/providers/Microsoft.Subscription/rename", (req, emu) => {
    const sub = requireSubscription(emu, req.params.subscriptionId!);
    const name = requireObjectBody(req.body).subscriptionName;
    if (typeof name !== "string" || name.trim() === "") return emu.armError(400, "InvalidRequestContent", "The request content was invalid: 'subscriptionName' is required.");
    sub.displayName = name;
    return { status: 200, body: { subscriptionId: sub.subscriptionId } };
  }, { kind: "action", rbacAction: "Microsoft.Subscription/rename/action", operation: "subscriptions.rename", eventResource: (req) => `/subscriptions/${req.params.subscriptionId}` });

  router.add("POST", "/subscriptions/{subscriptionId}/providers/Microsoft.Subscription/cancel", (req, emu) => {
    const sub = requireSubscription(emu, req.params.subscriptionId!);
    if (sub.state === "Disabled") return emu.armError(409, "SubscriptionNotActive", `Subscription '${sub.subscriptionId}' is already canceled.`);
    sub.state = "Disabled";
    return { status: 200, body: { value: sub.subscriptionId } };
  }, { kind: "action", rbacAction: "Microsoft.Subscription/cancel/action", operation: "subscriptions.cancel", eventResource: (req) => `/subscriptions/${req.params.subscriptionId}` });

  router.add("POST", "/subscriptions/{subscriptionId}/providers/Microsoft.Subscription/enable", (req, emu) => {
    const sub = requireSubscription(emu, req.params.subscriptionId!);
    sub.state = "Enabled";
    return { status: 200, body: { value: sub.subscriptionId } };
  }, { kind: "action", rbacAction: "Microsoft.Subscription/enable/action", operation: "subscriptions.enable", eventResource: (req) => `/subscriptions/${req.params.subscriptionId}` });
}
