import { z } from "zod";
import { getStores } from "./deps";
import { APP_ROLES } from "./auth/appRoles";
import { protectedRoute } from "./auth/httpRoute";
import { jsonReply } from "./http/jsonReply";
import { parseQuery } from "./http/parseQuery";

/** @internal */
export const FindingsQuery = z
  .object({
    guardrail: z.string().min(1).optional(),
    subscription: z.string().regex(/^[0-9a-fA-F-]{36}$/, "must be a subscription id (GUID)").optional(),
    status: z.enum(["open", "resolved"]).optional(),
    resourceId: z.string().min(1).optional(),
    pageSize: z.coerce.number().int().min(1).max(1000).optional(),
    continuationToken: z.string().optional(),
  })
  .strict();

/** `GET /api/findings?guardrail=&subscription=&status=open|resolved` (paged with continuationToken). */
protectedRoute("findings", {
  route: "findings",
  methods: ["GET"],
  access: APP_ROLES.reader,
  handler: async (request) => {
    const q = parseQuery(request, FindingsQuery);
    const page = await getStores().findings.list({
      guardrail: q.guardrail,
      subscriptionId: q.subscription?.toLowerCase(),
      status: q.status,
      resourceId: q.resourceId,
      pageSize: q.pageSize ?? 100,
      continuationToken: q.continuationToken,
    });
    return jsonReply(200, { value: page.items, continuationToken: page.continuationToken });
  },
});
