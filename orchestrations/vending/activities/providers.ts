import { getProviderState, registerProvider } from "../../../shared/azure/resources/registerProvider";
import { inStep } from "../inStep";
import { readRequest } from "../requestState";
import type { VendingDeps } from "../VendingDeps";

export type ProviderStates = Record<string, string>;
const allRegistered = (s: ProviderStates) => Object.values(s).every((v) => v === "Registered");

async function namespacesFor(deps: VendingDeps, requestId: string): Promise<string[]> {
  const s = await readRequest(deps, requestId);
  return deps.vending.archetypes[s.request.archetype].providers;
}

/** Asks for every provider the archetype needs (POST register is idempotent) and reports their states. */
export async function registerProviders(deps: VendingDeps, input: { requestId: string; subscriptionId: string }): Promise<ProviderStates> {
  const namespaces = await namespacesFor(deps, input.requestId);
  const client = deps.clients.resources(input.subscriptionId);
  return inStep(deps, input.requestId, "providers", async () => {
    const out: ProviderStates = {};
    for (const ns of namespaces) out[ns] = await registerProvider(client, ns);
    return out;
  }, allRegistered);
}

/** One poll of the registration states; the step succeeds when all are Registered. */
export async function checkProviders(deps: VendingDeps, input: { requestId: string; subscriptionId: string }): Promise<ProviderStates> {
  const namespaces = await namespacesFor(deps, input.requestId);
  const client = deps.clients.resources(input.subscriptionId);
  return inStep(deps, input.requestId, "providers", async () => {
    const out: ProviderStates = {};
    for (const ns of namespaces) out[ns] = await getProviderState(client, ns);
    return out;
  }, allRegistered);
}
