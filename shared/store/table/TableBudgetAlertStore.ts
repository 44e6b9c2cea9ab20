import { encodeKey } from "../keys";
import type { BudgetAlertStore } from "../ports";
import type { BudgetFire, BudgetThresholdKind } from "../records";
import { checkEntity } from "./checkEntity";
import { statusOf, type TableContext } from "./TableContext";

// "Fire once per budget period" is an insert that can only succeed once: PartitionKey = budget
// scope, RowKey = period|kind|threshold. Concurrent sweeps (or a sweep racing the action-group
// webhook) both try; exactly one insert returns 201, the other 409.

const TABLE = "BudgetAlertsFired";

export class TableBudgetAlertStore implements BudgetAlertStore {
  constructor(private readonly ctx: TableContext) {}

  async markFired(scope: string, period: string, threshold: number, kind: BudgetThresholdKind, at?: string): Promise<boolean> {
    const client = await this.ctx.table(TABLE);
    try {
      await client.createEntity(
        checkEntity(TABLE, {
          partitionKey: encodeKey(scope.toLowerCase()),
          rowKey: encodeKey(`${period}|${kind}|${threshold}`),
          Scope: scope,
          Period: period,
          Threshold: threshold,
          Kind: kind,
          FiredAt: at ?? new Date(this.ctx.now()).toISOString(),
        }),
      );
      return true;
    } catch (err) {
      if (statusOf(err) === 409) return false;
      throw err;
    }
  }

  async fired(scope: string, period: string): Promise<BudgetFire[]> {
    const client = await this.ctx.table(TABLE);
    const pk = encodeKey(scope.toLowerCase());
    const lo = encodeKey(`${period}|`);
    const filter = `PartitionKey eq '${pk}' and RowKey ge '${lo}' and RowKey lt '${lo}~'`;
    const out: BudgetFire[] = [];
    for await (const e of client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      out.push({ scope: String(e.Scope), period: String(e.Period), threshold: Number(e.Threshold), kind: e.Kind as BudgetThresholdKind, firedAt: String(e.FiredAt) });
    }
    return out;
  }
}
