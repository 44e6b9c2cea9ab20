import { randomUUID } from "node:crypto";
import type { AzureActionsPort, LockInfo } from "../../../shared/actions/AzureActionsPort";
import type { Policy } from "../../../shared/config/Policy";
import type { EnforceDeps } from "../../../shared/enforce/EnforceDeps";
import type { ArmResourceLike } from "../../../shared/estate/toResourceFacts";
import { createSubscriptionDirectory } from "../../../shared/facts/createSubscriptionDirectory";
import type { FactsSource, SubscriptionContainer } from "../../../shared/facts/FactsSource";
import type { MessageInput } from "../../../shared/notify/Message";
import type { RoutingFacts } from "../../../shared/notify/resolveRecipients";
import { createMemoryStores } from "../../support/memory/createMemoryStores";

// In-memory fakes of the pipeline's ports only (Azure reads/writes, notifier, publisher); the
// pipeline, guardrails, actions and stores under test are the real ones.

export const CORP = "c0c0c0c0-0000-4000-8000-00000000c001";
export const SANDBOX = "c0c0c0c0-0000-4000-8000-00000000c005";
export const AILZ = "00000000-0000-0000-0000-0000000a11ce";
export const PIPELINE = { objectId: "5a1e0000-0000-4000-8000-00000000b001", appId: "5a1e0000-0000-4000-8000-00000000a001" };
const PERSON = { objectId: "1a2b3c4d-0000-4000-8000-00000000d001", upn: "dana@contoso.com", name: "Dana Lopez" };
const TAGS = { owner: "dana@contoso.com", "cost-center": "cc-1", project: "p", environment: "dev" };

export const vmId = (name: string, sub = CORP) => `/subscriptions/${sub}/resourceGroups/rg-ml/providers/Microsoft.Compute/virtualMachines/${name}`;
export const aoaiId = (name: string) => `/subscriptions/${CORP}/resourceGroups/rg-ml/providers/Microsoft.CognitiveServices/accounts/${name}`;

export function gpuVm(name: string, extra: Partial<ArmResourceLike> = {}, sub = CORP): ArmResourceLike {
  return { id: vmId(name, sub), name, type: "Microsoft.Compute/virtualMachines", location: "eastus2", tags: { ...TAGS }, properties: { hardwareProfile: { vmSize: "Standard_NC24ads_A100_v4" } }, ...extra };
}

export function openAiAccount(name: string, publicNetworkAccess: "Enabled" | "Disabled"): ArmResourceLike {
  return {
    id: aoaiId(name), name, type: "Microsoft.CognitiveServices/accounts", kind: "OpenAI", location: "eastus2", tags: { ...TAGS },
    identity: { type: "SystemAssigned" },
    properties: { publicNetworkAccess, disableLocalAuth: true },
  };
}

export function userClaims(p = PERSON) {
  return {
    "http://schemas.microsoft.com/identity/claims/objectidentifier": p.objectId,
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn": p.upn,
    name: p.name,
    "http://schemas.microsoft.com/identity/claims/scope": "user_impersonation",
    appid: "c44b4083-3bb0-49c1-b47d-974e53cbdf3c",
  };
}
export function appClaims(objectId: string, appId: string) {
  return { "http://schemas.microsoft.com/identity/claims/objectidentifier": objectId, appid: appId, idtyp: "app" };
}

export function writeEvent(resourceId: string, claims: Record<string, string>, opts: { id?: string; kind?: "Write" | "Delete" | "Action"; operationName?: string } = {}) {
  const kind = opts.kind ?? "Write";
  return {
    id: opts.id ?? randomUUID(),
    topic: `/subscriptions/${resourceId.split("/")[2]}`,
    subject: resourceId,
    eventType: `Microsoft.Resources.Resource${kind}Success`,
    eventTime: "2025-01-15T10:00:00.000Z",
    data: { resourceUri: resourceId, operationName: opts.operationName ?? "Microsoft.Compute/virtualMachines/write", status: "Succeeded", subscriptionId: resourceId.split("/")[2], claims },
    dataVersion: "2",
    metadataVersion: "1",
  };
}

export interface FakeAzure extends AzureActionsPort {
  resources: Map<string, ArmResourceLike & { powerState?: string }>;
  lockMap: Map<string, LockInfo[]>;
  calls: string[];
  failNext?: Error;
}

export function fakeAzure(): FakeAzure {
  const resources = new Map<string, ArmResourceLike & { powerState?: string }>();
  const lockMap = new Map<string, LockInfo[]>();
  const calls: string[] = [];
  const get = (id: string) => {
    const r = resources.get(id.toLowerCase());
    if (!r) throw Object.assign(new Error(`not found ${id}`), { status: 404 });
    return r;
  };
  // The event path never moves subscriptions, deletes groups, lowers quota or creates budgets: a call fails the test.
  const unexpected = (name: string) => async () => {
    throw new Error(`${name} is not an event-path call`);
  };
  const self: FakeAzure = {
    resources, lockMap, calls,
    quotaAllocation: unexpected("quotaAllocation"),
    setQuotaAllocation: unexpected("setQuotaAllocation"),
    subscriptionParent: unexpected("subscriptionParent"),
    moveSubscription: unexpected("moveSubscription"),
    resourceGroupExists: unexpected("resourceGroupExists"),
    deleteResourceGroup: unexpected("deleteResourceGroup"),
    budgetExists: unexpected("budgetExists"),
    createBudget: unexpected("createBudget"),
    amlMinNodes: unexpected("amlMinNodes"),
    setAmlMinNodes: unexpected("setAmlMinNodes"),
    diagnosticSettings: unexpected("diagnosticSettings"),
    putDiagnosticSetting: unexpected("putDiagnosticSetting"),
    async locks(id) {
      calls.push(`locks ${id}`);
      return lockMap.get(id.toLowerCase()) ?? [];
    },
    async getTags(id) {
      return { ...(get(id).tags ?? {}) };
    },
    async mergeTags(id, tags) {
      calls.push(`mergeTags ${id} ${JSON.stringify(tags)}`);
      const r = get(id);
      r.tags = { ...(r.tags ?? {}), ...tags };
      return { ...r.tags };
    },
    async deleteTags(id, names) {
      calls.push(`deleteTags ${id} ${names.join(",")}`);
      const r = get(id);
      r.tags = Object.fromEntries(Object.entries(r.tags ?? {}).filter(([k]) => !names.includes(k)));
      return { ...r.tags };
    },
    async vmPowerState(id) {
      return resources.get(id.toLowerCase())?.powerState ?? (resources.has(id.toLowerCase()) ? "running" : undefined);
    },
    async deallocateVm(id) {
      if (self.failNext) {
        const e = self.failNext;
        self.failNext = undefined;
        throw e;
      }
      calls.push(`deallocate ${id}`);
      get(id).powerState = "deallocated";
    },
    async getAiAccount(id) {
      const p = resources.get(id.toLowerCase())?.properties as { publicNetworkAccess?: string; disableLocalAuth?: boolean } | undefined;
      return p ? { publicNetworkAccess: p.publicNetworkAccess, disableLocalAuth: p.disableLocalAuth } : undefined;
    },
    async updateAiAccount(id, change) {
      calls.push(`updateAiAccount ${id} ${JSON.stringify(change)}`);
      const r = get(id);
      r.properties = { ...(r.properties ?? {}), ...change };
      return { publicNetworkAccess: r.properties.publicNetworkAccess as string, disableLocalAuth: r.properties.disableLocalAuth as boolean };
    },
  };
  return self;
}

export function fakeFacts(azure: FakeAzure, containers: SubscriptionContainer[]): FactsSource & { queries: number; reads: string[] } {
  const src = {
    queries: 0,
    reads: [] as string[],
    async readResource(id: string) {
      src.reads.push(id);
      const r = azure.resources.get(id.toLowerCase());
      return r ? structuredClone({ ...r, powerState: undefined }) : undefined;
    },
    async subscriptionContainers() {
      src.queries++;
      return containers;
    },
    async resourceGroupTags() {
      return {};
    },
  };
  return src;
}

export const CONTAINERS: SubscriptionContainer[] = [
  { subscriptionId: CORP, name: "corp-ml", tags: {}, ancestors: ["corp", "landingzones", "alz", "tenant"] },
  { subscriptionId: SANDBOX, name: "sbx-dana", tags: { owner: "dana@contoso.com" }, ancestors: ["sandbox", "alz", "tenant"] },
];

export function world(policy: Policy) {
  const clock = { t: Date.parse("2025-01-15T10:00:05.000Z") };
  const now = () => new Date(clock.t);
  const stores = createMemoryStores({ now: () => clock.t });
  const azure = fakeAzure();
  const facts = fakeFacts(azure, CONTAINERS);
  const sent: Array<{ message: MessageInput; routing?: RoutingFacts }> = [];
  const published: Array<{ change: string; guardrail: string; rule: string }> = [];
  const logs: string[] = [];
  const deps: EnforceDeps = {
    policy,
    identity: { objectId: AILZ, appId: AILZ },
    stores,
    facts,
    subscriptions: createSubscriptionDirectory(facts, policy, { now: () => clock.t }),
    azure,
    notifier: {
      async notify(message, routing) {
        sent.push({ message, routing });
        return { recipients: [], routedBy: "none", results: [] };
      },
    },
    publisher: {
      async publish(f, change) {
        published.push({ change, guardrail: f.guardrail, rule: f.rule });
      },
    },
    now,
    log: (level, msg) => logs.push(`${level} ${msg}`),
  };
  const put = (r: ArmResourceLike) => azure.resources.set(r.id.toLowerCase(), structuredClone(r));
  return { deps, stores, azure, facts, sent, published, logs, clock, put };
}
