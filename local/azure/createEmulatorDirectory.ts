import { z } from "zod";
import type { PrincipalDirectory, ResolvedPrincipal } from "../../shared/vending/PrincipalDirectory";

const Estate = z.object({
  principals: z.array(z.object({ objectId: z.string(), type: z.string().optional(), upn: z.string().optional(), displayName: z.string().optional() })).default([]),
});

/**
 * The ARM emulator's directory (its estate's principals) stands in for Microsoft Graph, which the
 * emulator does not serve; the local world installs it with setPrincipalDirectory.
 */
export function createEmulatorDirectory(emulatorUrl: string): PrincipalDirectory {
  return {
    async resolve(entries) {
      const res = await fetch(`${emulatorUrl.replace(/\/$/, "")}/_emulator/estate`);
      if (!res.ok) throw new Error(`the ARM emulator's directory answered ${res.status}`);
      const { principals } = Estate.parse(await res.json());
      const out = new Map<string, ResolvedPrincipal>();
      for (const e of entries) {
        const p = principals.find((x) => x.objectId.toLowerCase() === e.toLowerCase() || x.upn?.toLowerCase() === e.toLowerCase());
        if (!p) continue;
        const type = p.type === "Group" || p.type === "ServicePrincipal" ? p.type : "User";
        out.set(e, { objectId: p.objectId, type, upn: p.upn, mail: p.upn, displayName: p.displayName });
      }
      return out;
    },
  };
}
