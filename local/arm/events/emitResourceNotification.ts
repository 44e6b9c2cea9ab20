import type { Emulator } from "../Emulator";
import { viewOf } from "../resources/resourceHooks";
import { parseResourceId } from "../state/resourceIds";
import { buildResourceNotification } from "./buildResourceNotification";

const TAGS_SUFFIX = /\/providers\/microsoft\.resources\/tags\/default$/i;

/**
 * After a successful ARM write or delete: the Resource Notifications event for it, to the
 * subscribers of `Microsoft.ResourceNotifications.Resources` topics. ARN covers the resources table
 * (provider resources), not resource groups, subscriptions or actions; a tags write is an update of
 * the tagged resource. Returns how many event subscriptions matched.
 */
export function emitResourceNotification(emu: Emulator, kind: "write" | "delete" | "action", resourceUri: string, apiVersion?: string): number {
  if (kind === "action") return 0;
  const target = resourceUri.replace(TAGS_SUFFIX, "");
  if (!parseResourceId(target).type) return 0;
  // Writing or deleting tags/default changes the tagged resource: an update either way.
  const op = TAGS_SUFFIX.test(resourceUri) ? "write" : kind;
  const stored = emu.state.getResource(target);
  // The body as a GET shows it (secrets such as webhook URLs with keys stay out).
  const resource = stored && viewOf(stored, emu);
  // A write that left nothing in the resources table (role assignments, locks...) is not in ARN's scope.
  if (op === "write" && !resource) return 0;
  return emu.events.publish(buildResourceNotification({ resourceId: target, resource: op === "write" ? resource : undefined, apiVersion }, emu.nowIso()));
}
