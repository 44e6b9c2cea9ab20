import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import type { Emulator } from "../Emulator";
import { columnTypes } from "../kql/columnTypes";
import { graphTables, subscriptionsUnderGroups } from "../kql/graphTables";
import type { KqlError } from "../kql/KqlError";
import { ResultCache } from "../kql/resultCache";
import { tryRunQuery, type QueryResult } from "../kql/runQuery";
import { decodeSkipToken, encodeSkipToken } from "../kql/skipToken";
import type { EmuRequest, EmuResponse, Router } from "../types";

// Resource Graph's query API: POST /providers/Microsoft.ResourceGraph/resources.
// Wire shapes from azure-rest-api-specs (resourcegraph 2021-03-01 .. 2024-04-01 examples);
// @azure/arm-resourcegraph 5.0.0 sends api-version 2024-04-01.

const QueryRequest = z.object({
  subscriptions: z.array(z.string().min(1)).optional(),
  managementGroups: z.array(z.string().min(1)).optional(),
  query: z.string({ error: "query is required" }).min(1, "query must not be empty"),
  options: z
    .object({
      $top: z.number().int().min(1, "options.$top must be at least 1").max(1000, "options.$top must be at most 1000").optional(),
      $skip: z.number().int().min(0).optional(),
      $skipToken: z.string().optional(),
      resultFormat: z.enum(["table", "objectArray"]).optional(),
      allowPartialScopes: z.boolean().optional(),
      authorizationScopeFilter: z.enum(["AtScopeAndBelow", "AtScopeAndAbove", "AtScopeExact", "AtScopeAboveAndBelow"]).optional(),
    })
    .optional(),
  facets: z.array(z.unknown()).optional(),
});
type QueryRequest = z.infer<typeof QueryRequest>;

/** Without `$top`, Resource Graph returns 100 rows per page. */
const DEFAULT_PAGE_SIZE = 100;
const QUOTA_LIMIT = 15;
const QUOTA_WINDOW_MS = 5_000;

/** Evaluated results per emulator, for `$skipToken` continuations. */
const caches = new WeakMap<Emulator, ResultCache>();
function cacheOf(emu: Emulator): ResultCache {
  let c = caches.get(emu);
  if (!c) caches.set(emu, (c = new ResultCache()));
  return c;
}

function supportMessage(req: EmuRequest, now: string): string {
  const correlationId = req.headers["x-ms-correlation-request-id"] ?? randomUUID();
  return `Please provide below info when asking for support: timestamp = ${now}, correlationId = ${correlationId}.`;
}

function invalidQuery(req: EmuRequest, emu: Emulator, err: KqlError, headers: Record<string, string>): EmuResponse {
  return {
    status: 400,
    headers,
    body: {
      error: {
        code: "BadRequest",
        message: supportMessage(req, emu.nowIso()),
        details: [
          {
            code: "InvalidQuery",
            message: "Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying.",
          },
          err.detail(),
        ],
      },
    },
  };
}

function badRequest(req: EmuRequest, emu: Emulator, code: string, message: string, headers: Record<string, string>): EmuResponse {
  return {
    status: 400,
    headers,
    body: { error: { code: "BadRequest", message: supportMessage(req, emu.nowIso()), details: [{ code, message }] } },
  };
}

/** hh:mm:ss, as in `x-ms-user-quota-resets-after`. */
function hms(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** Same query over the same scope -> same hash; a skip token only continues its own query. */
function requestHash(body: QueryRequest, tenantId: string): string {
  const subs = [...(body.subscriptions ?? [])].map((s) => s.toLowerCase()).sort();
  const mgs = [...(body.managementGroups ?? [])].map((s) => s.toLowerCase()).sort();
  return createHash("sha256").update(JSON.stringify([tenantId, body.query, subs, mgs])).digest("base64url").slice(0, 22);
}

function evaluate(emu: Emulator, body: QueryRequest): QueryResult | KqlError {
  const state = emu.state;
  let scope: Set<string> | undefined;
  if (body.subscriptions && body.subscriptions.length > 0) {
    scope = new Set(body.subscriptions.map((s) => s.toLowerCase()));
  }
  if (body.managementGroups && body.managementGroups.length > 0) {
    const under = subscriptionsUnderGroups(state, body.managementGroups);
    scope = scope ? new Set([...scope].filter((s) => under.has(s))) : under;
  }
  return tryRunQuery(body.query, { tables: graphTables(state, { subscriptions: scope }, emu.now()), now: new Date(emu.now()) });
}

function handle(req: EmuRequest, emu: Emulator): EmuResponse {
  const headers: Record<string, string> = {};
  if (emu.throttle.enabled) {
    const taken = emu.throttle.resourceGraph.take(req.caller.objectId);
    headers["x-ms-user-quota-remaining"] = String(taken.remaining);
    headers["x-ms-user-quota-resets-after"] = hms(taken.retryAfterMs);
    if (!taken.ok) {
      return {
        status: 429,
        headers: { ...headers, "retry-after": String(Math.max(1, Math.ceil(taken.retryAfterMs / 1000))) },
        body: {
          error: {
            code: "RateLimiting",
            message: supportMessage(req, emu.nowIso()),
            details: [
              {
                code: "RateLimiting",
                message: "Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed. Please see https://aka.ms/resourcegraph-throttling for help.",
              },
            ],
          },
        },
      };
    }
  } else {
    headers["x-ms-user-quota-remaining"] = String(QUOTA_LIMIT);
    headers["x-ms-user-quota-resets-after"] = hms(QUOTA_WINDOW_MS);
  }

  const parsed = QueryRequest.safeParse(req.body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join(".") || "body";
    return badRequest(req, emu, "InvalidRequestContent", `The request content is invalid: '${field}': ${issue.message}.`, headers);
  }
  const body = parsed.data;
  const options = body.options ?? {};
  // Counted apart so tests can tell the sweep reads change records once per batch.
  if (/^\s*resourcechanges\b/i.test(body.query) && !options.$skipToken) emu.count("resourceGraph.resourcechanges");
  const hash = requestHash(body, emu.state.tenantId);
  const cache = cacheOf(emu);

  let offset = options.$skip ?? 0;
  let result: QueryResult | undefined;
  if (options.$skipToken) {
    const token = decodeSkipToken(options.$skipToken);
    if (!token || token.h !== hash) {
      return badRequest(req, emu, "InvalidSkipToken", "options.$skipToken is not valid for this query and scope.", headers);
    }
    offset = token.o;
    // Cache miss (expired or evicted): evaluating again gives the same order for unchanged state.
    result = cache.get(hash);
  }
  if (!result) {
    const evaluated = evaluate(emu, body);
    if (!("columns" in evaluated)) return invalidQuery(req, emu, evaluated, headers);
    cache.set(hash, evaluated);
    result = evaluated;
  }
  const res = result;

  const top = options.$top ?? DEFAULT_PAGE_SIZE;
  const rows = res.rows.slice(offset, offset + top);
  const total = res.rows.length;
  const more = offset + rows.length < total;
  // Azure pages only results that carry `id` (stable order); otherwise it truncates.
  const pageable = res.columns.includes("id");
  const legacyDefaultTable = (req.apiVersion ?? "") < "2021-03-01";
  const format = options.resultFormat ?? (legacyDefaultTable ? "table" : "objectArray");
  const data =
    format === "table"
      ? { columns: columnTypes(res.columns, res.rows), rows: rows.map((r) => res.columns.map((c) => r[c] ?? null)) }
      : rows;
  const out: Record<string, unknown> = {
    totalRecords: total,
    count: rows.length,
    resultTruncated: more && !pageable ? "true" : "false",
  };
  if (more && pageable) out.$skipToken = encodeSkipToken({ h: hash, o: offset + rows.length });
  out.data = data;
  out.facets = [];
  return { status: 200, headers, body: out };
}

export function register(router: Router): void {
  router.add("POST", "/providers/Microsoft.ResourceGraph/resources", handle, {
    kind: "read",
    rbacAction: "Microsoft.ResourceGraph/resources/read",
    operation: "ResourceGraph.resources",
  });
}
