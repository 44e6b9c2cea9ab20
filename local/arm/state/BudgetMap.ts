import type { ArmResource } from "./schemas";

const MARKER = "/providers/microsoft.consumption/budgets";

/**
 * Budgets by lower-cased id that also know their keys per scope (the id before
 * `/providers/Microsoft.Consumption/budgets`), so listing one subscription's budgets does not
 * scan every budget in the tenant. Keys per scope keep the map's insertion order.
 */
export class BudgetMap extends Map<string, ArmResource> {
  private byScope?: Map<string, Set<string>>;

  private static scopeOf(key: string): string {
    const at = key.indexOf(MARKER);
    return at < 0 ? key : key.slice(0, at);
  }

  override set(key: string, value: ArmResource): this {
    const scopes = (this.byScope ??= new Map());
    const scope = BudgetMap.scopeOf(key);
    let keys = scopes.get(scope);
    if (!keys) scopes.set(scope, (keys = new Set()));
    keys.add(key);
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    const scope = BudgetMap.scopeOf(key);
    const keys = this.byScope?.get(scope);
    if (keys?.delete(key) && keys.size === 0) this.byScope!.delete(scope);
    return super.delete(key);
  }

  override clear(): void {
    this.byScope?.clear();
    super.clear();
  }

  /**
   * The entries whose key starts with `prefix` = lower-cased scope + `/providers/microsoft.consumption/budgets`
   * (how the list route selects them), in the map's order. A key starting with it has its first
   * `MARKER` right after the scope (the marker cannot overlap itself) unless the scope itself
   * holds one: only then is a scan needed.
   */
  entriesWithPrefix(prefix: string): Array<[string, ArmResource]> {
    const scope = prefix.slice(0, prefix.length - MARKER.length);
    if (!prefix.endsWith(MARKER) || scope.includes(MARKER)) return [...this.entries()].filter(([k]) => k.startsWith(prefix));
    const keys = this.byScope?.get(scope);
    const out: Array<[string, ArmResource]> = [];
    if (keys) for (const k of keys) if (k.startsWith(prefix)) out.push([k, this.get(k)!]);
    return out;
  }
}
