import type { BudgetAlertStore } from "../../../shared/store/ports";
import type { BudgetFire, BudgetThresholdKind } from "../../../shared/store/records";

export class MemoryBudgetAlertStore implements BudgetAlertStore {
  private readonly fires = new Map<string, BudgetFire>();
  constructor(private readonly now: () => number) {}

  async markFired(scope: string, period: string, threshold: number, kind: BudgetThresholdKind, at?: string) {
    const key = `${scope.toLowerCase()}|${period}|${kind}|${threshold}`;
    if (this.fires.has(key)) return false;
    this.fires.set(key, { scope, period, threshold, kind, firedAt: at ?? new Date(this.now()).toISOString() });
    return true;
  }
  async fired(scope: string, period: string) {
    return [...this.fires.values()].filter((f) => f.scope.toLowerCase() === scope.toLowerCase() && f.period === period);
  }
}
