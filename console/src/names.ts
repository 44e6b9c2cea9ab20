import { api } from "./api";

interface Directory {
  subscriptions: Array<{ id: string; name: string }>;
  principals: Record<string, { displayName: string; upn?: string }>;
}

/**
 * Names for the ids the APIs return: every subscription (one call) and the principals a view
 * asks for (resolved in calls of up to 200, cached). An id that does not resolve shows as itself.
 */
export class Names {
  private readonly subs = new Map<string, string>();
  private readonly people = new Map<string, string>();

  async load(): Promise<void> {
    const d = await api<Directory>("GET", "directory");
    for (const s of d.status === 200 ? (d.body?.subscriptions ?? []) : []) this.subs.set(s.id.toLowerCase(), s.name);
  }

  subscription(id: string): string {
    return this.subs.get(id.toLowerCase()) ?? id;
  }

  subscriptionEntries(): Array<[string, string]> {
    return [...this.subs];
  }

  principal(id: string): string {
    return this.people.get(id.toLowerCase()) ?? id;
  }

  async resolve(ids: Iterable<string>): Promise<void> {
    const wanted = [...new Set([...ids].filter((x) => x && !this.people.has(x.toLowerCase())))];
    for (let i = 0; i < wanted.length; i += 200) {
      const chunk = wanted.slice(i, i + 200);
      const r = await api<Directory>("GET", `directory?principals=${encodeURIComponent(chunk.join(","))}`);
      for (const id of chunk) this.people.set(id.toLowerCase(), (r.status === 200 && r.body?.principals[id]?.displayName) || id);
    }
  }
}
