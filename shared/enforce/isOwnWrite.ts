import type { Caller } from "../estate/Caller";
import type { OwnIdentity } from "./EnforceDeps";

const eq = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** True when the caller is ailz's own identity (by object id or app id). */
export function isOwnWrite(caller: Caller | undefined, identity: OwnIdentity): boolean {
  if (!caller) return false;
  return eq(caller.objectId, identity.objectId) || eq(caller.appId, identity.appId ?? identity.objectId);
}
