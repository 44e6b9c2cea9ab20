import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseDocument } from "yaml";
import { makeToken } from "../../../local/arm/tokens";
import { startSink, type Sink } from "../../../local/sink/startSink";
import { createStores } from "../../../shared/store/createStores";
import type { Stores } from "../../../shared/store/ports";
import { spawnLocal, type LocalProcess } from "../../support/spawnLocal";
import { asPlatformAdmin } from "../../support/appAuth";

// A small estate and a test policy for the event path, the local world running it (child
// process), a notification sink, and helpers to act as a person or a pipeline against the emulator.

const TENANT = "7a11ce00-0000-4000-8000-000000000001";
export const CORP = "c0c0c0c0-0000-4000-8000-0000000e0001";
export const PERSON = { oid: "1a2b3c4d-0000-4000-8000-00000000d001", upn: "dana@contoso.com", name: "Dana Lopez" };
export const PIPELINE = { oid: "5a1e0000-0000-4000-8000-00000000b001", appid: "5a1e0000-0000-4000-8000-00000000a001", name: "ailz-pipeline" };
export const TAGS = { owner: "dana@contoso.com", "cost-center": "cc-1", project: "llm", environment: "dev" };
const REPO = path.resolve(__dirname, "../../..");
/** The app the e2e tests and the bench run: the full app entry unless AILZ_E2E_APP_ENTRY names another. */
export const APP_ENTRY = process.env.AILZ_E2E_APP_ENTRY ?? "functions/index.ts";

export const personToken = () => makeToken({ oid: PERSON.oid, upn: PERSON.upn, name: PERSON.name, idtyp: "user" });
export const pipelineToken = () => makeToken({ oid: PIPELINE.oid, appid: PIPELINE.appid, name: PIPELINE.name, idtyp: "app" });

export const rgId = (rg: string) => `/subscriptions/${CORP}/resourceGroups/${rg}`;
export const vmId = (rg: string, name: string) => `${rgId(rg)}/providers/Microsoft.Compute/virtualMachines/${name}`;
export const accountId = (rg: string, name: string) => `${rgId(rg)}/providers/Microsoft.CognitiveServices/accounts/${name}`;

// The people acting in these worlds hold roles, so that a world with RBAC enforced
// (AILZ_EMULATOR_RBAC=enforce) refuses only what their roles do not grant.
const ADMIN_OID = "0a0a0a0a-0000-4000-8000-000000000001";
const OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
function roleAssignment(n: number, scope: string, principalId: string, role: string, principalType: "User" | "ServicePrincipal") {
  const name = `00000000-0000-4000-8000-0000000ea0${String(n).padStart(2, "0")}`;
  return { id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`, name, type: "Microsoft.Authorization/roleAssignments", properties: { scope, principalId, principalType, roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${role}` } };
}

export function estate() {
  const mg = (name: string, parent: string) => ({ name, displayName: name, parent });
  const alz = "/providers/Microsoft.Management/managementGroups/alz";
  return {
    version: 1,
    tenantId: TENANT,
    managementGroups: [mg("alz", TENANT), mg("landingzones", "alz"), mg("corp", "landingzones"), mg("online", "landingzones"), mg("sandbox", "alz"), mg("decommissioned", "alz"), mg("platform", "alz")],
    subscriptions: [{ subscriptionId: CORP, displayName: "corp-llm", managementGroupId: "corp", tags: { owner: "llm-team@contoso.com" } }],
    resourceGroups: ["rg-ml", "rg-exempt", "rg-ops", "rg-bench"].map((n) => ({ id: rgId(n), name: n, type: "Microsoft.Resources/resourceGroups", location: "eastus2", tags: {} })),
    resources: [],
    quotaLimits: [{ subscriptionId: CORP, location: "eastus2", family: "standardNCADSA100v4Family", limit: 480 }],
    roleAssignments: [roleAssignment(1, alz, ADMIN_OID, OWNER, "User"), roleAssignment(2, alz, PIPELINE.oid, OWNER, "ServicePrincipal"), roleAssignment(3, `/subscriptions/${CORP}`, PERSON.oid, CONTRIBUTOR, "User")],
  };
}

/** The shipped guardrails.yaml with some guardrail modes changed (and optionally a findings topic). */
export function policyYaml(modes: Record<string, string>, findingsTopic?: string): string {
  const doc = parseDocument(fs.readFileSync(path.join(REPO, "guardrails.yaml"), "utf8"));
  for (const [name, mode] of Object.entries(modes)) doc.setIn(["guardrails", name, "mode"], mode);
  if (findingsTopic) doc.addIn(["notifications", "channels"], doc.createNode({ type: "eventGrid", name: "findings-topic", topicEndpoint: findingsTopic }));
  return doc.toString();
}

export interface EventsWorld {
  local: LocalProcess;
  sink: Sink;
  stores: Stores;
  dir: string;
  arm(method: string, id: string, body?: unknown, token?: string, apiVersion?: string): Promise<{ status: number; body: any }>;
  api(method: string, pathAndQuery: string, body?: unknown): Promise<{ status: number; body: any }>;
  /**
   * Waits until the emulator has delivered (2xx) `copies` copies of one event of `eventType`
   * about `subject` and returns that event's id. The host answers after the function ran, so
   * once every copy is delivered, whichever copy acted has finished (audit included).
   */
  delivered(subject: string, opts?: { eventType?: string; copies?: number }): Promise<string>;
  deliveries(): Promise<any[]>;
  stop(): Promise<void>;
}

export async function startEventsWorld(modes: Record<string, string> = {}, opts: { eventFamilies?: "resources" | "resourceNotifications" | "both"; env?: Record<string, string>; appEntry?: string } = {}): Promise<EventsWorld> {
  const families = opts.eventFamilies ?? "resources";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-events-"));
  fs.writeFileSync(path.join(dir, "estate.json"), JSON.stringify(estate()));
  const sink = await startSink({ port: 0, host: "127.0.0.1" });
  fs.writeFileSync(path.join(dir, "guardrails.yaml"), policyYaml(modes, sink.urls.eventGridEndpoint));
  let local: LocalProcess;
  try {
    local = await spawnLocal({
      appEntry: opts.appEntry ?? APP_ENTRY,
      estate: path.join(dir, "estate.json"),
      env: { AILZ_POLICY_PATH: path.join(dir, "guardrails.yaml"), AILZ_WEBHOOK_URL: sink.urls.webhook, AILZ_TEAMS_URL: sink.urls.teams, AILZ_FINDINGS_TOPIC_KEY: "local-topic-key", AILZ_EVENT_FAMILIES: families, ...opts.env },
    });
  } catch (err) {
    await sink.close();
    throw err;
  }
  const admin = makeToken({ oid: ADMIN_OID, upn: "admin@contoso.com", idtyp: "user" });
  const arm: EventsWorld["arm"] = async (method, id, body, token = admin, apiVersion = "2024-07-01") => {
    const res = await fetch(`${local.emulatorUrl}${id}?api-version=${apiVersion}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const api: EventsWorld["api"] = async (method, pathAndQuery, body) => {
    const res = await fetch(`${local.hostUrl}/api/${pathAndQuery}`, {
      method,
      headers: { "x-functions-key": local.functionKey, "content-type": "application/json", ...asPlatformAdmin() },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed };
  };
  const deliveries = async () => ((await (await fetch(`${local.emulatorUrl}/_emulator/events/deliveries`)).json()) as { value: any[] }).value;
  const world: EventsWorld = {
    local, sink, dir, arm, api, deliveries,
    stores: createStores({ connectionString: local.storageConnectionString }),
    async delivered(subject, { eventType = WRITE, copies = 1 } = {}) {
      let eventId = "";
      await until(async () => {
        eventId = [...deliveredCopies(await deliveries(), subject, eventType)].find(([, n]) => n >= copies)?.[0] ?? "";
        return eventId !== "";
      }, `${copies} deliveries of one ${eventType} about ${subject}`);
      return eventId;
    },
    async stop() {
      await local.stop();
      await sink.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  // startLocal wires every subscription's system topic(s) of the chosen families to the host's Event
  // Grid webhook (as postdeploy does in Azure). A second subscription here would deliver every event twice.
  const suffix = families === "resourceNotifications" ? "-rn" : "";
  const wiring = await arm("GET", `/subscriptions/${CORP}/resourceGroups/rg-ailz-events/providers/Microsoft.EventGrid/systemTopics/ailz-resource-events${suffix}/eventSubscriptions/ailz${suffix}`, undefined, undefined, "2022-06-15");
  if (wiring.status !== 200) {
    await world.stop();
    throw new Error(`the local world did not wire resource events to resourceEvents: ${wiring.status} ${JSON.stringify(wiring.body)}`);
  }
  return world;
}

export const WRITE = "Microsoft.Resources.ResourceWriteSuccess";

/** Delivered (2xx) copies per event id, for events of `eventType` about `subject`. */
export function deliveredCopies(records: any[], subject: string, eventType: string): Map<string, number> {
  const s = subject.toLowerCase();
  const out = new Map<string, number>();
  for (const d of records) {
    if (d.outcome !== "delivered") continue;
    (d.subjects as string[]).forEach((x, i) => {
      if (x.toLowerCase() === s && d.eventTypes[i] === eventType) out.set(d.eventIds[i], (out.get(d.eventIds[i]) ?? 0) + 1);
    });
  }
  return out;
}


/** Polls until `check` is true (bounded: the test fails with what it waited for). */
export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function gpuVmBody(tags: Record<string, string> = TAGS) {
  return {
    location: "eastus2",
    tags,
    properties: {
      hardwareProfile: { vmSize: "Standard_NC24ads_A100_v4" },
      storageProfile: { imageReference: { publisher: "microsoft-dsvm", offer: "ubuntu-hpc", sku: "2204", version: "latest" }, osDisk: { createOption: "FromImage" } },
      osProfile: { computerName: "gpu", adminUsername: "azureuser", linuxConfiguration: { disablePasswordAuthentication: true } },
      networkProfile: { networkInterfaces: [] },
    },
  };
}
