import { z } from "zod";
import { APP_ROLES } from "./auth/appRoles";
import { protectedRoute } from "./auth/httpRoute";
import { getEnforceDeps } from "./deps";
import { jsonReply } from "./http/jsonReply";
import { parseQuery } from "./http/parseQuery";
import { getDirectory } from "./vendingDeps";

const DirectoryQuery = z
  .object({
    /** Comma-separated object ids or UPNs to resolve to display names (at most 200). */
    principals: z
      .string()
      .optional()
      .transform((s) => (s ? s.split(",").map((x) => x.trim()).filter(Boolean) : []))
      .refine((a) => a.length <= 200, "at most 200 principals per call"),
  })
  .strict();

/**
 * `GET /api/directory?principals=a,b`: names for what the other routes return as ids, so the CLI
 * and the console show people and subscriptions by name: every subscription (one Resource Graph
 * query) and the principals asked for (Entra ID). A principal that does not resolve is absent.
 */
protectedRoute("directory", {
  route: "directory",
  methods: ["GET"],
  access: APP_ROLES.reader,
  handler: async (request) => {
    const q = parseQuery(request, DirectoryQuery);
    const [containers, principals] = await Promise.all([
      getEnforceDeps().facts.subscriptionContainers(),
      q.principals.length > 0 ? getDirectory().resolve(q.principals) : Promise.resolve(new Map()),
    ]);
    return jsonReply(200, {
      subscriptions: containers.map((c) => ({ id: c.subscriptionId.toLowerCase(), name: c.name, managementGroup: c.ancestors[0] ?? null })),
      principals: Object.fromEntries([...principals].map(([k, p]) => [k, { objectId: p.objectId, type: p.type, displayName: p.displayName ?? p.upn ?? p.objectId, upn: p.upn }])),
    });
  },
});
