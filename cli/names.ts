import type { ApiClient } from "./ApiClient";

interface DirectoryReply {
  subscriptions: Array<{ id: string; name: string }>;
  principals: Record<string, { displayName: string }>;
}

/** Names for ids, from `GET /api/directory` (one call per command). */
export interface Names {
  subscription(idOrResourceId: string): string;
  principal(id: string): string;
  /** `name (id)` when a name is known, else the id. */
  label(resourceId: string): string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const subOf = (id: string) => (/^\/subscriptions\/([^/]+)/i.exec(id)?.[1] ?? id).toLowerCase();

export async function loadNames(api: ApiClient, principals: string[] = []): Promise<Names> {
  const ask = [...new Set(principals.filter((p) => GUID.test(p) || p.includes("@")))].slice(0, 200);
  const d = await api.get<DirectoryReply>(`/api/directory${ask.length ? `?principals=${encodeURIComponent(ask.join(","))}` : ""}`);
  const subs = new Map(d.subscriptions.map((s) => [s.id.toLowerCase(), s.name]));
  const people = new Map(Object.entries(d.principals).map(([k, v]) => [k.toLowerCase(), v.displayName]));
  const subscription = (id: string) => subs.get(subOf(id)) || subOf(id);
  return {
    subscription,
    principal: (id) => people.get(id.toLowerCase()) ?? id,
    label(resourceId) {
      const m = /\/subscriptions\/[^/]+(?:\/resourceGroups\/([^/]+))?(?:\/providers\/.+\/([^/]+))?$/i.exec(resourceId);
      if (!m) return resourceId;
      const leaf = m[2] ?? m[1];
      return leaf ? `${leaf} (${subscription(resourceId)})` : subscription(resourceId);
    },
  };
}
