import type { Caller } from "../estate/Caller";
import type { ResourceFacts } from "../estate/ResourceFacts";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The creator (or last modifier) as a Caller when only systemData is known (the sweep). For
 * applications the systemData value is the app id; for users it is usually the UPN.
 */
export function callerFromSystemData(resource: ResourceFacts, which: "created" | "lastModified" = "created"): Caller | undefined {
  const by = which === "created" ? resource.createdBy : resource.lastModifiedBy;
  const type = which === "created" ? resource.createdByType : resource.lastModifiedByType;
  if (!by) return undefined;
  switch (type) {
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
