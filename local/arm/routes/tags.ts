import type { Emulator } from "../Emulator";
import type { Router } from "../types";
import { checkLocks, checkTags, requireObjectBody, requireWritableSubscription } from "./guards";
import { resolveScope } from "./scopes";

// Microsoft.Resources/tags/default at subscription, resource group or resource scope.

const TAGS = "{*scope}/providers/Microsoft.Resources/tags/default";

function target(emu: Emulator, scope: string): { get(): Record<string, string>; set(tags: Record<string, string>): void; id: string } {
  const t = resolveScope(emu, scope);
  if (t.kind === "subscription") {
    const sub = emu.state.getSubscription(t.subscriptionId)!;
    return { id: `/subscriptions/${sub.subscriptionId}`, get: () => sub.tags ?? {}, set: (tags) => (sub.tags = tags) };
  }
  if (t.kind === "resourceGroup" || t.kind === "resource") {
    const doc = t.kind === "resourceGroup" ? emu.state.resourceGroups.get(t.id.toLowerCase())! : emu.state.getResource(t.id)!;
    return { id: doc.id, get: () => doc.tags ?? {}, set: (tags) => (doc.tags = tags) };
  }
  throw emu.armError(400, "InvalidScope", `Tags are not supported at scope '${scope}'.`);
}

function view(id: string, tags: Record<string, string>) {
  return { id: `${id}/providers/Microsoft.Resources/tags/default`, name: "default", type: "Microsoft.Resources/tags", properties: { tags } };
}

function writable(emu: Emulator, scope: string) {
  const t = target(emu, scope);
  const sub = /^\/subscriptions\/([^/]+)/i.exec(t.id)?.[1];
  if (sub) requireWritableSubscription(emu, sub);
  checkLocks(emu, t.id, "write");
  return t;
}

export function register(router: Router): void {
  router.add("GET", TAGS, (req, emu) => {
    const t = target(emu, req.params.scope!);
    return { status: 200, body: view(t.id, t.get()) };
  }, { kind: "read", rbacAction: "Microsoft.Resources/tags/read", operation: "tags.get" });

  router.add("PUT", TAGS, (req, emu) => {
    const t = writable(emu, req.params.scope!);
    const tags = checkTags(requireObjectBody(requireObjectBody(req.body).properties ?? {}).tags, "properties.tags") ?? {};
    t.set({ ...tags });
    return { status: 200, body: view(t.id, t.get()) };
  }, { kind: "write", rbacAction: "Microsoft.Resources/tags/write", operation: "tags.createOrUpdate" });

  router.add("PATCH", TAGS, (req, emu) => {
    const t = writable(emu, req.params.scope!);
    const body = requireObjectBody(req.body);
    const op = String(body.operation ?? "");
    const tags = checkTags(requireObjectBody(body.properties ?? {}).tags, "properties.tags") ?? {};
    const current = t.get();
    if (op === "Merge") t.set({ ...current, ...tags });
    else if (op === "Replace") t.set({ ...tags });
    else if (op === "Delete") {
      // Delete removes the given names; with a value, only when the value matches.
      const next = { ...current };
      for (const [k, v] of Object.entries(tags)) {
        const key = Object.keys(next).find((x) => x.toLowerCase() === k.toLowerCase());
        if (key !== undefined && (v === "" || next[key] === v)) delete next[key];
      }
      t.set(next);
    } else return emu.armError(400, "InvalidRequestContent", "The request content was invalid: 'operation' must be Merge, Replace or Delete.");
    return { status: 200, body: view(t.id, t.get()) };
  }, { kind: "write", rbacAction: "Microsoft.Resources/tags/write", operation: "tags.update" });

  router.add("DELETE", TAGS, (req, emu) => {
    const t = writable(emu, req.params.scope!);
    t.set({});
    return { status: 200 };
  }, { kind: "delete", rbacAction: "Microsoft.Resources/tags/delete", operation: "tags.delete" });
}
