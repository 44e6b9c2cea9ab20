import { randomUUID } from "node:crypto";
import type { Emulator } from "../Emulator";
import { CHANGE_RETENTION_MS } from "../state/ResourceChange";
import { parseResourceId } from "../state/resourceIds";
import type { Caller } from "../types";

const TAGS_SUFFIX = /\/providers\/microsoft\.resources\/tags\/default$/i;

/** Whether ARM holds the resource or resource group at `id` (asked before a write, for Create vs Update). */
export function armHolds(emu: Emulator, id: string): boolean {
  const target = id.replace(TAGS_SUFFIX, "");
  return parseResourceId(target).type ? emu.state.getResource(target) !== undefined : emu.state.resourceGroups.has(target.toLowerCase());
}

/**
 * After a successful ARM write or delete of a resource or resource group: Resource Graph's change
 * record (Create / Update / Delete, who, when, which operation). A tags write changes the tagged
 * resource. Records older than the retention are dropped as new ones arrive.
 */
export function recordResourceChange(emu: Emulator, change: { kind: "write" | "delete" | "action"; resourceUri: string; existed: boolean; caller: Caller; operation: string; correlationId?: string }): void {
  if (change.kind === "action") return;
  const tags = TAGS_SUFFIX.test(change.resourceUri);
  const target = change.resourceUri.replace(TAGS_SUFFIX, "");
  const p = parseResourceId(target);
  // Resources and resource groups (Resources and ResourceContainers); not subscriptions or tenant-level documents.
  if (!p.subscriptionId || (!p.type && !p.resourceGroup)) return;
  const changeType = tags ? "Update" : change.kind === "delete" ? "Delete" : change.existed ? "Update" : "Create";
  const now = emu.now();
  const log = emu.state.resourceChanges;
  log.push({
    changeId: randomUUID(),
    targetResourceId: target,
    changeType,
    timestamp: new Date(now).toISOString(),
    changedBy: change.caller.upn ?? change.caller.appId ?? change.caller.objectId,
    changedByType: change.caller.idtyp === "user" ? "User" : "AppId",
    operation: change.operation,
    correlationId: change.correlationId ?? randomUUID(),
  });
  let old = 0;
  while (old < log.length && Date.parse(log[old]!.timestamp) < now - CHANGE_RETENTION_MS) old++;
  if (old > 0) log.splice(0, old);
}
