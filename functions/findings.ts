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
    continuationToken: z.string().refine(isPageToken, "must be the continuationToken of a previous page").optional(),
  })
  .strict();

/** What Table Storage's SDK hands out as a page token: base64 JSON naming the next partition. */
function isPageToken(token: string): boolean {
  try {
    const t = JSON.parse(Buffer.from(token, "base64").toString("latin1")) as { nextPartitionKey?: unknown; nextRowKey?: unknown };
    return typeof t === "object" && t !== null && typeof t.nextPartitionKey === "string" && (t.nextRowKey === undefined || typeof t.nextRowKey === "string");
  } catch {
    return false;
  }
}

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
