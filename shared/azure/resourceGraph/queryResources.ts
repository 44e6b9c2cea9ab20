import type { ResourceGraphClient } from "@azure/arm-resourcegraph";
import { call } from "../AzureError";

export interface ResourceGraphQuery {
  /** KQL over Resources / ResourceContainers. Project `id` when you expect more than one page: Azure pages with $skipToken only then. */
  query: string;
  subscriptions?: string[];
  managementGroups?: string[];
  /** Rows per page, at most 1000 (Azure's cap). */
  pageSize?: number;
}

/** Azure accepts at most this many subscriptions in one request's scope. */
const MAX_SUBSCRIPTIONS_PER_REQUEST = 1000;
const MAX_PAGE_SIZE = 1000;

/**
 * Runs one Resource Graph query across any number of subscriptions and/or management groups and
 * yields its rows (objectArray format) page by page, following $skipToken. Subscription lists
 * longer than Azure's per-request cap are split into batches; each batch pages independently.
 * @internal The app reads through queryAll; exported for the paging test.
 */
export async function* queryResources<Row = Record<string, unknown>>(
  client: ResourceGraphClient,
  request: ResourceGraphQuery,
): AsyncGenerator<Row> {
  const top = Math.min(request.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  if (top < 1) throw new RangeError("queryResources: pageSize must be at least 1");
  for (const scope of scopes(request)) {
    let skipToken: string | undefined;
    do {
      const page = await call(() =>
        client.resources({
          query: request.query,
          ...scope,
          options: { top, resultFormat: "objectArray", ...(skipToken ? { skipToken } : {}) },
        }),
      );
      const rows = Array.isArray(page.data) ? (page.data as Row[]) : [];
      for (const row of rows) yield row;
      skipToken = page.skipToken || undefined;
    } while (skipToken);
  }
}

/** Collects every row; for small result sets (the async iterator is the default for a reason). */
export async function queryAll<Row = Record<string, unknown>>(client: ResourceGraphClient, request: ResourceGraphQuery): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of queryResources<Row>(client, request)) rows.push(row);
  return rows;
}

function scopes(request: ResourceGraphQuery): Array<{ subscriptions?: string[]; managementGroups?: string[] }> {
  const out: Array<{ subscriptions?: string[]; managementGroups?: string[] }> = [];
  if (request.managementGroups?.length) out.push({ managementGroups: request.managementGroups });
  const subs = request.subscriptions ?? [];
  for (let i = 0; i < subs.length; i += MAX_SUBSCRIPTIONS_PER_REQUEST) {
    out.push({ subscriptions: subs.slice(i, i + MAX_SUBSCRIPTIONS_PER_REQUEST) });
  }
  // Neither given: Azure scopes the query to every subscription the caller can read.
  if (out.length === 0) out.push({});
  return out;
}
