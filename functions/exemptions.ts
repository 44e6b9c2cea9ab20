import type { HttpRequest } from "@azure/functions";
import { z } from "zod";
import { guardrailNames, isGuardrailName } from "../shared/engine/registry";
import { getStores } from "./deps";
import { APP_ROLES } from "./auth/appRoles";
import { protectedRoute } from "./auth/httpRoute";
import type { Principal } from "./auth/principalOf";
import { HttpError } from "./http/HttpError";
import { jsonReply } from "./http/jsonReply";
import { parseQuery } from "./http/parseQuery";
import { readJsonBody } from "./http/readJsonBody";

const ArmScope = z
  .string()
  .trim()
  .max(1000, "at most 1000 characters")
  .regex(/^(\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+(\/providers\/.+)?)?|\/providers\/Microsoft\.Management\/managementGroups\/[^/]+)$/i, "must be a management group, subscription, resource group or resource id");

/**
 * `POST /api/exemptions`: one guardrail (or `*`) exempted on a scope until a date, with a reason.
 * @internal
 */
export const CreateExemption = z
  .object({
    scope: ArmScope,
    // Checked against the registry when the request arrives: a typo is a 400 naming the field, not an exemption that never matches.
    guardrail: z.string().refine((g) => g === "*" || isGuardrailName(g), { error: () => `must be one of *, ${guardrailNames().join(", ")}` }),
    /** Last day (UTC, inclusive); or give `expiresAt`. */
    until: z.iso.date().optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    justification: z.string().trim().min(1, "is required").max(1000, "at most 1000 characters"),
    ref: z.string().trim().min(1).max(100, "at most 100 characters").optional(),
  })
  .strict()
  .refine((b) => (b.until === undefined) !== (b.expiresAt === undefined), { message: "give exactly one of until (YYYY-MM-DD) or expiresAt", path: ["until"] });

const ListQuery = z.object({ includeExpired: z.enum(["true", "false"]).optional(), scope: z.string().optional(), id: z.string().optional() }).strict();

async function create(request: HttpRequest, principal: Principal) {
  const body = CreateExemption.parse(await readJsonBody(request));
  const now = new Date();
  const expiresAt = body.expiresAt ? new Date(body.expiresAt).toISOString() : new Date(`${body.until}T23:59:59.999Z`).toISOString();
  if (Date.parse(expiresAt) <= now.getTime()) throw new HttpError(400, "InvalidRequest", `${body.until ? "until" : "expiresAt"}: must be in the future`, body.until ? "until" : "expiresAt");
  const stores = getStores();
  const by = principal.name;
  const record = await stores.exemptions.create({
    id: crypto.randomUUID(),
    scope: body.scope,
    guardrail: body.guardrail,
    expiresAt,
    justification: body.justification,
    ref: body.ref,
    createdBy: by,
    createdAt: now.toISOString(),
  });
  await stores.audit.append({
    actor: by, action: "exemption.create", guardrail: record.guardrail, resourceId: record.scope,
    reason: `exempted until ${record.expiresAt}: ${record.justification}${record.ref ? ` (${record.ref})` : ""}`, outcome: "succeeded", after: record,
  });
  return jsonReply(201, record, { location: `/api/exemptions/${record.id}` });
}

async function list(request: HttpRequest) {
  const q = parseQuery(request, ListQuery);
  const id = request.params.id ?? q.id;
  const stores = getStores();
  if (id) {
    const one = await stores.exemptions.get(id);
    if (!one) throw new HttpError(404, "NotFound", `id: no exemption ${id}`, "id");
    return jsonReply(200, one);
  }
  const all = await stores.exemptions.list({ includeExpired: q.includeExpired === "true" });
  const scope = q.scope?.toLowerCase();
  return jsonReply(200, { value: scope ? all.filter((e) => e.scope.toLowerCase() === scope) : all });
}

async function remove(request: HttpRequest, principal: Principal) {
  const id = request.params.id ?? request.query.get("id");
  if (!id) throw new HttpError(400, "InvalidRequest", "id: the exemption id is required (/api/exemptions/{id} or ?id=)", "id");
  const stores = getStores();
  const existing = await stores.exemptions.get(id);
  if (!existing || !(await stores.exemptions.delete(id))) throw new HttpError(404, "NotFound", `id: no exemption ${id}`, "id");
  await stores.audit.append({
    actor: principal.name, action: "exemption.delete", guardrail: existing.guardrail, resourceId: existing.scope,
    reason: `exemption ${id} removed`, outcome: "succeeded", before: existing,
  });
  return { status: 204 };
}

// Reading exemptions needs Reader; creating one switches a guardrail off for a scope, so it and
// removing one need Approver.
const route = "exemptions/{id?}";
protectedRoute("exemptionsList", { route, methods: ["GET"], access: APP_ROLES.reader, handler: (request) => list(request) });
protectedRoute("exemptionsCreate", { route, methods: ["POST"], access: APP_ROLES.approver, handler: (request, _context, principal) => create(request, principal) });
protectedRoute("exemptionsDelete", { route, methods: ["DELETE"], access: APP_ROLES.approver, handler: (request, _context, principal) => remove(request, principal) });
