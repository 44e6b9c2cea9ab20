import type { Emulator } from "../Emulator";
import { DEFAULT_LOCATIONS, PROVIDER_CATALOG, REGISTERED_BY_DEFAULT } from "../state/providerCatalog";
import type { Subscription } from "../state/schemas";
import type { Router } from "../types";
import { requireSubscription, requireWritableSubscription } from "./guards";

type State = "NotRegistered" | "Registering" | "Registered" | "Unregistering";

function canonical(ns: string): string {
  return Object.keys(PROVIDER_CATALOG).find((k) => k.toLowerCase() === ns.toLowerCase()) ?? ns;
}

/** Registration state on the emulator clock: Registering turns Registered after the configured delay. */
function stateOf(emu: Emulator, sub: Subscription, ns: string): State {
  const entry = Object.entries(sub.providers ?? {}).find(([k]) => k.toLowerCase() === ns.toLowerCase())?.[1];
  if (!entry) return REGISTERED_BY_DEFAULT.has(ns.toLowerCase()) ? "Registered" : "NotRegistered";
  const done = entry.changedAt !== undefined && Date.parse(entry.changedAt) + emu.state.settings.providerRegistrationDelayMs <= emu.now();
  if (entry.registrationState === "Registering" && done) return "Registered";
  if (entry.registrationState === "Unregistering" && done) return "NotRegistered";
  return entry.registrationState;
}

function view(emu: Emulator, sub: Subscription, ns: string) {
  const name = canonical(ns);
  return {
    id: `/subscriptions/${sub.subscriptionId}/providers/${name}`,
    namespace: name,
    registrationState: stateOf(emu, sub, name),
    registrationPolicy: "RegistrationRequired",
    resourceTypes: (PROVIDER_CATALOG[name] ?? []).map((t) => ({ resourceType: t, locations: DEFAULT_LOCATIONS.map((l) => l), apiVersions: ["2024-03-01", "2023-05-01"], capabilities: "None" })),
  };
}

function transition(emu: Emulator, subscriptionId: string, ns: string, target: "Registering" | "Unregistering") {
  const sub = requireWritableSubscription(emu, subscriptionId);
  const name = canonical(ns);
  const current = stateOf(emu, sub, name);
  const settled = target === "Registering" ? "Registered" : "NotRegistered";
  if (current !== settled && current !== target) {
    sub.providers = { ...(sub.providers ?? {}), [name]: { registrationState: target, changedAt: emu.nowIso() } };
    if (emu.state.settings.providerRegistrationDelayMs === 0) sub.providers[name] = { registrationState: settled, changedAt: emu.nowIso() };
  }
  return { status: 200, body: view(emu, sub, name) };
}

export function register(router: Router): void {
  router.add("GET", "/subscriptions/{subscriptionId}/providers", (req, emu) => {
    const sub = requireSubscription(emu, req.params.subscriptionId!);
    return { status: 200, body: emu.page(req, Object.keys(PROVIDER_CATALOG).map((ns) => view(emu, sub, ns))) };
  }, { kind: "read", rbacAction: "Microsoft.Resources/subscriptions/providers/read", operation: "providers.list" });

  router.add("GET", "/subscriptions/{subscriptionId}/providers/{resourceProviderNamespace}", (req, emu) => {
    const sub = requireSubscription(emu, req.params.subscriptionId!);
    return { status: 200, body: view(emu, sub, req.params.resourceProviderNamespace!) };
  }, { kind: "read", rbacAction: "Microsoft.Resources/subscriptions/providers/read", operation: "providers.get" });

  router.add("POST", "/subscriptions/{subscriptionId}/providers/{resourceProviderNamespace}/register", (req, emu) => transition(emu, req.params.subscriptionId!, req.params.resourceProviderNamespace!, "Registering"),
    { kind: "action", rbacAction: (req) => `${canonical(req.params.resourceProviderNamespace!)}/register/action`, operation: "providers.register", eventResource: (req) => `/subscriptions/${req.params.subscriptionId}/providers/${canonical(req.params.resourceProviderNamespace!)}` });

  router.add("POST", "/subscriptions/{subscriptionId}/providers/{resourceProviderNamespace}/unregister", (req, emu) => transition(emu, req.params.subscriptionId!, req.params.resourceProviderNamespace!, "Unregistering"),
    { kind: "action", rbacAction: (req) => `${canonical(req.params.resourceProviderNamespace!)}/unregister/action`, operation: "providers.unregister", eventResource: (req) => `/subscriptions/${req.params.subscriptionId}/providers/${canonical(req.params.resourceProviderNamespace!)}` });
}
