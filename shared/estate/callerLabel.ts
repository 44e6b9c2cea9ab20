import type { Caller } from "./Caller";

/** A human-readable label for a caller: name and upn where the claims give them, else the ids. */
export function callerLabel(caller: Caller): string {
  if (caller.name && caller.upn) return `${caller.name} (${caller.upn})`;
  if (caller.name) return caller.appId ? `${caller.name} (app ${caller.appId})` : caller.name;
  if (caller.upn) return caller.upn;
  if (caller.appId) return `app ${caller.appId}`;
  return `${caller.kind} ${caller.objectId}`;
}
