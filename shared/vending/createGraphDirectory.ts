import type { TokenCredential } from "@azure/core-auth";
import { z } from "zod";
import type { PrincipalDirectory, ResolvedPrincipal } from "./PrincipalDirectory";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DirectoryObject = z.looseObject({
  id: z.string(),
  "@odata.type": z.string().optional(),
  userPrincipalName: z.string().nullish(),
  mail: z.string().nullish(),
  displayName: z.string().nullish(),
});

const typeOf = (odata: string | undefined): ResolvedPrincipal["type"] =>
  odata?.endsWith("group") ? "Group" : odata?.endsWith("servicePrincipal") ? "ServicePrincipal" : "User";

/**
 * Microsoft Graph: object ids through `directoryObjects/getByIds` (one call for all), UPNs through
 * `users/{upn}`. Needs Directory.Read.All (or User.Read.All + Group.Read.All) for the app identity.
 */
export function createGraphDirectory(credential: TokenCredential, graphUrl = "https://graph.microsoft.com"): PrincipalDirectory {
  const get = async (path: string, init?: RequestInit): Promise<Response> => {
    const token = await credential.getToken(`${graphUrl}/.default`);
    return fetch(`${graphUrl}/v1.0${path}`, { ...init, headers: { authorization: `Bearer ${token?.token}`, "content-type": "application/json" } });
  };
  const toPrincipal = (o: z.infer<typeof DirectoryObject>): ResolvedPrincipal => ({
    objectId: o.id,
    type: typeOf(o["@odata.type"]),
    upn: o.userPrincipalName ?? undefined,
    mail: o.mail ?? undefined,
    displayName: o.displayName ?? undefined,
  });
  return {
    async resolve(entries) {
      const out = new Map<string, ResolvedPrincipal>();
      const ids = entries.filter((e) => GUID.test(e));
      if (ids.length > 0) {
        const res = await get("/directoryObjects/getByIds", { method: "POST", body: JSON.stringify({ ids, types: ["user", "group", "servicePrincipal"] }) });
        if (!res.ok) throw new Error(`Microsoft Graph getByIds answered ${res.status}`);
        const body = z.object({ value: z.array(DirectoryObject) }).parse(await res.json());
        for (const o of body.value) {
          const key = ids.find((i) => i.toLowerCase() === o.id.toLowerCase());
          if (key) out.set(key, toPrincipal(o));
        }
      }
      for (const upn of entries.filter((e) => !GUID.test(e))) {
        const res = await get(`/users/${encodeURIComponent(upn)}?$select=id,userPrincipalName,mail,displayName`);
        if (res.status === 404) continue;
        if (!res.ok) throw new Error(`Microsoft Graph users answered ${res.status}`);
        out.set(upn, toPrincipal({ ...DirectoryObject.parse(await res.json()), "@odata.type": "#microsoft.graph.user" }));
      }
      return out;
    },
  };
}
