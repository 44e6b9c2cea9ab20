import { armError } from "../armError";
import type { Emulator } from "../Emulator";
import type { ArmResource, Subscription } from "../state/schemas";
import { normalizeId } from "../state/resourceIds";

// Checks shared by route families; each throws Azure's error response.

export function requireSubscription(emu: Emulator, subscriptionId: string): Subscription {
  const sub = emu.state.getSubscription(subscriptionId);
  if (!sub || sub.state === "Deleted") throw armError(404, "SubscriptionNotFound", `The subscription '${subscriptionId}' could not be found.`);
  return sub;
}

export function requireResourceGroup(emu: Emulator, subscriptionId: string, resourceGroupName: string): ArmResource {
  requireSubscription(emu, subscriptionId);
  const rg = emu.state.getResourceGroup(subscriptionId, resourceGroupName);
  if (!rg) throw armError(404, "ResourceGroupNotFound", `Resource group '${resourceGroupName}' could not be found.`);
  return rg;
}

export function requireWritableSubscription(emu: Emulator, subscriptionId: string): Subscription {
  const sub = requireSubscription(emu, subscriptionId);
  if (sub.state === "Disabled" || sub.state === "Warned") {
    throw armError(409, "ReadOnlyDisabledSubscription", `The subscription '${subscriptionId}' is disabled and therefore marked as read only. You cannot perform any write actions on this subscription until it is re-enabled.`);
  }
  return sub;
}

/** The scope of a lock id: everything before `/providers/Microsoft.Authorization/locks/`. */
export function lockScope(lockId: string): string {
  const i = lockId.toLowerCase().lastIndexOf("/providers/microsoft.authorization/locks/");
  return i < 0 ? lockId : lockId.slice(0, i);
}

/**
 * Management locks on the target or any parent scope: CanNotDelete blocks deletes, ReadOnly
 * blocks deletes and writes (and actions), with ARM's 409 ScopeLocked.
 */
export function checkLocks(emu: Emulator, targetId: string, operation: "write" | "delete" | "action"): void {
  if (emu.state.locks.size === 0) return;
  const target = normalizeId(targetId);
  const blocking: string[] = [];
  for (const lock of emu.state.locks.values()) {
    const scope = lockScope(lock.id);
    const s = normalizeId(scope);
    if (target !== s && !target.startsWith(s + "/")) continue;
    const level = (lock.properties as { level?: string } | undefined)?.level;
    if (operation === "delete" || level === "ReadOnly") blocking.push(scope);
  }
  if (blocking.length > 0) {
    throw armError(409, "ScopeLocked", `The scope '${targetId}' cannot perform ${operation} operation because following scope(s) are locked: '${blocking.join("', '")}'. Please remove the lock and try again.`);
  }
}

export function requireObjectBody(body: unknown): Record<string, any> {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw armError(400, "InvalidRequestContent", "The request content was invalid: a JSON object is required.");
  return body as Record<string, any>;
}

/** Tags must be a string -> string map (ARM: InvalidTagNameCharacters / value types). */
export function checkTags(tags: unknown, field = "tags"): Record<string, string> | undefined {
  if (tags === undefined || tags === null) return undefined;
  if (typeof tags !== "object" || Array.isArray(tags)) throw armError(400, "InvalidRequestContent", `The request content was invalid: '${field}' must be an object of string values.`);
  for (const [k, v] of Object.entries(tags)) {
    if (typeof v !== "string") throw armError(400, "InvalidRequestContent", `The request content was invalid: tag '${k}' in '${field}' must be a string.`);
    if (/[<>%&\\?/]/.test(k)) throw armError(400, "InvalidTagNameCharacters", `The tag names '${k}' have reserved characters '<,>,%,&,\\,?,/' or control characters.`);
  }
  return tags as Record<string, string>;
}
