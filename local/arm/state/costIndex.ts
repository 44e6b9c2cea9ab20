import type { EstateState } from "./EstateState";
import type { CostRecord } from "./schemas";

// Budget reads sum one subscription's cost, and the sweep reads a budget per subscription: a scan
// of every record per read is O(subscriptions x records). Records are only ever appended (accrual
// pushes; the array is replaced only when an estate is loaded), so the index follows the array by
// identity and length, indexing only what was appended since the last read.

interface Index {
  records: CostRecord[];
  indexed: number;
  /** Lower-cased subscription id -> its records, in the array's order. */
  bySubscription: Map<string, CostRecord[]>;
}

const indexes = new WeakMap<EstateState, Index>();
const NONE: readonly CostRecord[] = [];

/** The cost records of one subscription, in `state.costRecords` order. */
export function costRecordsOfSubscription(state: EstateState, subscriptionId: string): readonly CostRecord[] {
  const records = state.costRecords;
  let ix = indexes.get(state);
  if (!ix || ix.records !== records || ix.indexed > records.length) {
    ix = { records, indexed: 0, bySubscription: new Map() };
    indexes.set(state, ix);
  }
  for (let i = ix.indexed; i < records.length; i++) {
    const r = records[i]!;
    const key = r.subscriptionId.toLowerCase();
    const list = ix.bySubscription.get(key);
    if (list) list.push(r);
    else ix.bySubscription.set(key, [r]);
  }
  ix.indexed = records.length;
  return ix.bySubscription.get(subscriptionId.toLowerCase()) ?? NONE;
}
