import type { EventGridEvent } from "./buildResourceEvent";

// Event Grid's advanced filters (learn.microsoft.com/azure/event-grid/event-filtering#advanced-filtering):
// every filter must match (AND), any of a filter's values may (OR); string comparisons ignore
// case; a key is `data.<path>`, `subject`, `eventType`, `id`, `topic` or `dataVersion`. The string
// and number operators ailz's definitions can use are evaluated; an unknown operator is refused
// when the subscription is written (SUPPORTED_OPERATORS).

export interface AdvancedFilter {
  operatorType: string;
  key: string;
  value?: unknown;
  values?: unknown[];
}

const STRING: Record<string, (actual: string, v: string) => boolean> = {
  StringIn: (a, v) => a === v,
  StringBeginsWith: (a, v) => a.startsWith(v),
  StringEndsWith: (a, v) => a.endsWith(v),
  StringContains: (a, v) => a.includes(v),
};
const NEGATED: Record<string, string> = { StringNotIn: "StringIn", StringNotBeginsWith: "StringBeginsWith", StringNotEndsWith: "StringEndsWith", StringNotContains: "StringContains" };

export const SUPPORTED_OPERATORS = new Set([...Object.keys(STRING), ...Object.keys(NEGATED), "IsNotNull", "IsNullOrUndefined", "BoolEquals"]);

function valueAt(event: EventGridEvent, key: string): unknown {
  const top: Record<string, unknown> = { subject: event.subject, eventtype: event.eventType, id: event.id, topic: event.topic, dataversion: event.dataVersion };
  if (!/^data\./i.test(key)) return top[key.toLowerCase()];
  let cur: unknown = event.data;
  for (const part of key.split(".").slice(1)) {
    if (!cur || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function matchesOne(f: AdvancedFilter, event: EventGridEvent): boolean {
  const actual = valueAt(event, f.key);
  if (f.operatorType === "IsNotNull") return actual !== undefined && actual !== null;
  if (f.operatorType === "IsNullOrUndefined") return actual === undefined || actual === null;
  if (f.operatorType === "BoolEquals") return actual === f.value;
  const negatedOf = NEGATED[f.operatorType];
  const op = STRING[negatedOf ?? f.operatorType];
  if (!op) return false;
  const values = (f.values ?? []).map((v) => String(v).toLowerCase());
  const hit = typeof actual === "string" && values.some((v) => op(actual.toLowerCase(), v));
  // A negated operator also matches an event that lacks the key, as Event Grid's do.
  return negatedOf ? !hit : hit;
}

export function matchesAdvancedFilters(filters: AdvancedFilter[] | undefined, event: EventGridEvent): boolean {
  return (filters ?? []).every((f) => matchesOne(f, event));
}

/** `/subscriptions/…/providers/Microsoft.Web/sites/<app>/functions/<name>` -> the app's id and the function name. */
export function parseFunctionId(id: string): { appId: string; name: string } | undefined {
  const m = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Web\/sites\/[^/]+)\/functions\/([^/]+)$/i.exec(id);
  return m ? { appId: m[1]!, name: m[2]! } : undefined;
}
