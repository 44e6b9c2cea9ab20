/** Names of the aggregation functions `summarize` accepts (used to give a clear error elsewhere). */
export const AGGREGATE_NAMES: ReadonlySet<string> = new Set([
  "count", "countif", "dcount", "dcountif", "sum", "sumif", "avg", "avgif", "min", "max", "minif", "maxif",
  "make_set", "make_set_if", "make_list", "make_list_if", "make_bag", "any", "take_any", "arg_max", "arg_min",
]);
