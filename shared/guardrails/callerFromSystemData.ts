import type { Caller } from "../estate/Caller";
import type { ResourceFacts } from "../estate/ResourceFacts";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The creator as a Caller when only systemData is known (the sweep). For applications
 * `createdBy` is the app id; for users it is usually the UPN.
 */
export function callerFromSystemData(resource: ResourceFacts): Caller | undefined {
  const by = resource.createdBy;
  if (!by) return undefined;
  switch (resource.createdByType) {
    case "Application":
      return { objectId: by, appId: by, kind: "app" };
    case "ManagedIdentity":
      return { objectId: by, appId: GUID.test(by) ? by : undefined, kind: "managedIdentity" };
    case "User":
      return GUID.test(by) ? { objectId: by, kind: "user" } : { objectId: by, upn: by, kind: "user" };
    default:
      return GUID.test(by) ? { objectId: by, kind: "app", appId: by } : { objectId: by, upn: by, kind: "user" };
  }
}
