import { createHash } from "node:crypto";
import type { Emulator } from "../Emulator";
import type { ArmResource } from "../state/schemas";
import type { EmuRequest, Router } from "../types";
import { checkLocks, requireResourceGroup, requireWritableSubscription } from "./guards";

// Key listing and rotation on the AI services' accounts, with Azure's paths, bodies and RBAC
// actions (azure-rest-api-specs: cognitiveservices ListKeys/RegenerateKey, search
// ListAdminKeys/RegenerateAdminKey, machinelearningservices Workspaces_ListKeys). They are POSTs,
// so ARM records them as actions (ResourceActionSuccess with the caller's claims) and a ReadOnly
// lock refuses them, as in Azure. Key values are derived from the account and a per-account
// rotation count (kept in memory: a restart brings the first keys back).

const RG = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers";

interface KeyedType {
  type: string;
  path: string;
}
const COGNITIVE: KeyedType = { type: "Microsoft.CognitiveServices/accounts", path: `${RG}/Microsoft.CognitiveServices/accounts/{name}` };
const SEARCH: KeyedType = { type: "Microsoft.Search/searchServices", path: `${RG}/Microsoft.Search/searchServices/{name}` };
const WORKSPACE: KeyedType = { type: "Microsoft.MachineLearningServices/workspaces", path: `${RG}/Microsoft.MachineLearningServices/workspaces/{name}` };

const rotations = new WeakMap<Emulator, Map<string, number>>();

function keyOf(emu: Emulator, id: string, slot: string): string {
  const n = rotations.get(emu)?.get(`${id.toLowerCase()}\n${slot}`) ?? 0;
  return createHash("sha256").update(`${id.toLowerCase()}\n${slot}\n${n}`).digest("hex");
}

function rotate(emu: Emulator, id: string, slot: string): void {
  let m = rotations.get(emu);
  if (!m) rotations.set(emu, (m = new Map()));
  const k = `${id.toLowerCase()}\n${slot}`;
  m.set(k, (m.get(k) ?? 0) + 1);
}

function requireKeyed(emu: Emulator, req: EmuRequest, t: KeyedType): ArmResource {
  requireResourceGroup(emu, req.params.subscriptionId!, req.params.resourceGroupName!);
  const id = `/subscriptions/${req.params.subscriptionId}/resourceGroups/${req.params.resourceGroupName}/providers/${t.type}/${req.params.name}`;
  const doc = emu.state.getResource(id);
  if (!doc) {
    throw emu.armError(404, "ResourceNotFound", `The Resource '${t.type}/${req.params.name}' under resource group '${req.params.resourceGroupName}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
  }
  checkLocks(emu, doc.id, "action");
  return doc;
}

/** The account's key body; a keyless account (local auth off) still lists them, as Azure does. */
const cognitiveKeys = (emu: Emulator, id: string) => ({ key1: keyOf(emu, id, "key1"), key2: keyOf(emu, id, "key2") });
const searchKeys = (emu: Emulator, id: string) => ({ primaryKey: keyOf(emu, id, "primary"), secondaryKey: keyOf(emu, id, "secondary") });

export function register(router: Router): void {
  router.add("POST", `${COGNITIVE.path}/listKeys`, (req, emu) => ({ status: 200, body: cognitiveKeys(emu, requireKeyed(emu, req, COGNITIVE).id) }),
    { kind: "action", rbacAction: "Microsoft.CognitiveServices/accounts/listKeys/action", operation: "accounts.listKeys" });

  router.add("POST", `${COGNITIVE.path}/regenerateKey`, (req, emu) => {
    requireWritableSubscription(emu, req.params.subscriptionId!);
    const keyName = (req.body as { keyName?: unknown } | undefined)?.keyName;
    if (keyName !== "Key1" && keyName !== "Key2") {
      return emu.armError(400, "InvalidRequestContent", `The request content was invalid: 'keyName' must be 'Key1' or 'Key2', got ${JSON.stringify(keyName ?? null)}.`);
    }
    const doc = requireKeyed(emu, req, COGNITIVE);
    rotate(emu, doc.id, keyName.toLowerCase());
    return { status: 200, body: cognitiveKeys(emu, doc.id) };
  }, { kind: "action", rbacAction: "Microsoft.CognitiveServices/accounts/regenerateKey/action", operation: "accounts.regenerateKey" });

  router.add("POST", `${SEARCH.path}/listAdminKeys`, (req, emu) => ({ status: 200, body: searchKeys(emu, requireKeyed(emu, req, SEARCH).id) }),
    { kind: "action", rbacAction: "Microsoft.Search/searchServices/listAdminKeys/action", operation: "services.listAdminKeys" });

  router.add("POST", `${SEARCH.path}/regenerateAdminKey/{keyKind}`, (req, emu) => {
    requireWritableSubscription(emu, req.params.subscriptionId!);
    const kind = req.params.keyKind!;
    if (kind !== "primary" && kind !== "secondary") return emu.armError(400, "InvalidRequestContent", `'keyKind' must be 'primary' or 'secondary', got '${kind}'.`);
    const doc = requireKeyed(emu, req, SEARCH);
    rotate(emu, doc.id, kind);
    return { status: 200, body: searchKeys(emu, doc.id) };
  }, {
    kind: "action",
    rbacAction: "Microsoft.Search/searchServices/regenerateAdminKey/action",
    operation: "services.regenerateAdminKey",
    // The event is about the service, not the path's key kind segment.
    eventResource: (req) => req.path.replace(/\/regenerateAdminKey\/[^/]+$/i, ""),
  });

  router.add("POST", `${WORKSPACE.path}/listKeys`, (req, emu) => {
    const doc = requireKeyed(emu, req, WORKSPACE);
    const p = (doc.properties ?? {}) as { storageAccount?: string };
    return {
      status: 200,
      body: {
        userStorageKey: keyOf(emu, doc.id, "storage"),
        userStorageResourceId: p.storageAccount ?? null,
        appInsightsInstrumentationKey: keyOf(emu, doc.id, "appInsights").slice(0, 32),
        notebookAccessKeys: { primaryAccessKey: keyOf(emu, doc.id, "notebook1"), secondaryAccessKey: keyOf(emu, doc.id, "notebook2") },
      },
    };
  }, { kind: "action", rbacAction: "Microsoft.MachineLearningServices/workspaces/listKeys/action", operation: "workspaces.listKeys" });
}
