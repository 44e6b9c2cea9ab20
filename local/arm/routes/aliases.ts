import { randomUUID } from "node:crypto";
import type { Emulator } from "../Emulator";
import type { Alias } from "../state/schemas";
import type { Router } from "../types";
import { checkTags, requireObjectBody } from "./guards";

const ALIAS = "/providers/Microsoft.Subscription/aliases/{aliasName}";

function aliasView(a: Alias, emu: Emulator): Record<string, unknown> {
  const done = Date.parse(a.completesAt) <= emu.now();
  return {
    id: `/providers/Microsoft.Subscription/aliases/${a.name}`,
    name: a.name,
    type: "Microsoft.Subscription/aliases",
    properties: {
      subscriptionId: a.subscriptionId,
      provisioningState: done ? "Succeeded" : "Accepted",
      displayName: a.displayName,
      workload: a.workload,
      ...(a.billingScope ? { billingScope: a.billingScope } : {}),
      ...(a.managementGroupId ? { managementGroupId: `/providers/Microsoft.Management/managementGroups/${a.managementGroupId}` } : {}),
      createdTime: a.createdAt,
      ...(a.tags ? { tags: a.tags } : {}),
      ...(a.subscriptionOwnerId ? { subscriptionOwnerId: a.subscriptionOwnerId } : {}),
    },
    systemData: { createdBy: a.createdBy, createdAt: a.createdAt, lastModifiedBy: a.createdBy, lastModifiedAt: a.createdAt },
  };
}

function mgName(value: unknown): string | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  const m = /managementGroups\/([^/]+)\/?$/i.exec(value);
  return m ? m[1] : value;
}

export function register(router: Router): void {
  router.add("PUT", ALIAS, (req, emu) => {
    const name = req.params.aliasName!;
    const existing = emu.state.aliases.get(name.toLowerCase());
    // The alias name is the idempotency key: a repeated PUT returns the same alias.
    if (existing) return { status: 200, body: aliasView(existing, emu) };
    const props = requireObjectBody(requireObjectBody(req.body).properties ?? {});
    const extra = (props.additionalProperties ?? {}) as Record<string, unknown>;
    const existingSub = typeof props.subscriptionId === "string" ? props.subscriptionId : undefined;
    if (!existingSub) {
      if (typeof props.displayName !== "string" || !props.displayName) return emu.armError(400, "InvalidRequestContent", "The request content was invalid: 'properties.displayName' is required.");
      if (typeof props.billingScope !== "string" || !props.billingScope) return emu.armError(400, "InvalidRequestContent", "The request content was invalid: 'properties.billingScope' is required.");
    }
    const workload = props.workload ?? "Production";
    if (workload !== "Production" && workload !== "DevTest") return emu.armError(400, "InvalidRequestContent", "The request content was invalid: 'properties.workload' must be Production or DevTest.");
    const mg = mgName(extra.managementGroupId);
    if (mg && !emu.state.managementGroups.has(mg.toLowerCase())) return emu.armError(400, "InvalidManagementGroupId", `The management group '${mg}' in 'properties.additionalProperties.managementGroupId' does not exist.`);
    const tags = checkTags(extra.tags, "properties.additionalProperties.tags");
    const createdAt = emu.nowIso();
    const alias: Alias = {
      name,
      subscriptionId: existingSub ?? randomUUID(),
      displayName: (props.displayName as string | undefined) ?? existingSub!,
      workload,
      billingScope: props.billingScope,
      managementGroupId: mg,
      tags,
      subscriptionOwnerId: typeof extra.subscriptionOwnerId === "string" ? extra.subscriptionOwnerId : undefined,
      createdAt,
      completesAt: new Date(emu.now() + (existingSub ? 0 : emu.state.settings.aliasDelayMs)).toISOString(),
      createdBy: req.caller.upn ?? req.caller.appId ?? req.caller.objectId,
    };
    emu.state.aliases.set(name.toLowerCase(), alias);
    const view = aliasView(alias, emu);
    const done = (view.properties as { provisioningState: string }).provisioningState === "Succeeded";
    const headers: Record<string, string> = done ? {} : { "retry-after": String(Math.max(1, Math.ceil(emu.state.settings.aliasDelayMs / 1000 / 10))) };
    return { status: done ? 200 : 201, body: view, headers };
  }, { kind: "write", rbacAction: "Microsoft.Subscription/aliases/write", operation: "aliases.create" });

  router.add("GET", ALIAS, (req, emu) => {
    const a = emu.state.aliases.get(req.params.aliasName!.toLowerCase());
    if (!a) return emu.armError(404, "NotFound", `Alias '${req.params.aliasName}' was not found.`);
    return { status: 200, body: aliasView(a, emu) };
  }, { kind: "read", rbacAction: "Microsoft.Subscription/aliases/read", operation: "aliases.get" });

  router.add("GET", "/providers/Microsoft.Subscription/aliases", (_req, emu) => {
    return { status: 200, body: { value: [...emu.state.aliases.values()].map((a) => aliasView(a, emu)) } };
  }, { kind: "read", rbacAction: "Microsoft.Subscription/aliases/read", operation: "aliases.list" });

  router.add("DELETE", ALIAS, (req, emu) => {
    const existed = emu.state.aliases.delete(req.params.aliasName!.toLowerCase());
    return { status: existed ? 200 : 204 };
  }, { kind: "delete", rbacAction: "Microsoft.Subscription/aliases/delete", operation: "aliases.delete" });
}
