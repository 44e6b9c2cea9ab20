import type { ResourceFacts } from "../estate/ResourceFacts";
import { callerFromSystemData } from "../guardrails/callerFromSystemData";
import type { OwnIdentity } from "./EnforceDeps";
import { isOwnWrite } from "./isOwnWrite";

/** How far apart systemData's lastModifiedAt and the event's change time may be and still be the same write. */
const SAME_WRITE_MS = 5_000;

/**
 * For events without a caller (Resource Notifications): true when the resource's last write was
 * ailz's own and is the change this event reports. A later write by someone else makes the last
 * modifier them, so their change is still judged.
 */
export function isOwnLastWrite(resource: ResourceFacts, eventTime: string, identity: OwnIdentity): boolean {
  if (!resource.lastModifiedAt) return false;
  if (Math.abs(Date.parse(resource.lastModifiedAt) - Date.parse(eventTime)) > SAME_WRITE_MS) return false;
  return isOwnWrite(callerFromSystemData(resource, "lastModified"), identity);
}
