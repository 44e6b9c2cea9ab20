import { z } from "zod";
import { getStores } from "./deps";
import { APP_ROLES } from "./auth/appRoles";
import { protectedRoute } from "./auth/httpRoute";
import { jsonReply } from "./http/jsonReply";
import { parseQuery } from "./http/parseQuery";

/** @internal */
export const AuditQuery = z
  .object({
    resourceId: z.string().min(1).optional(),
    since: z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time, e.g. 2025-01-31T00:00:00Z" }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(5000).optional(),
  })
  .strict();

/** `GET /api/audit?resourceId=&since=`: the append-only audit log, newest first. */
protectedRoute("audit", {
  route: "audit",
  methods: ["GET"],
  access: APP_ROLES.reader,
  handler: async (request) => {
    const q = parseQuery(request, AuditQuery);
    const entries = await getStores().audit.query({ resourceId: q.resourceId, since: q.since, until: q.until, limit: q.limit ?? 500 });
    return jsonReply(200, { value: entries });
  },
});
