import { armError } from "../armError";
import type { ArmResource } from "../state/schemas";

// The subset of ARM's list `$filter` that list-resources supports:
// `resourceType eq 'X'`, `tagName eq 'k'`, `tagName eq 'k' and tagValue eq 'v'`, `name eq 'n'`,
// `substringof('x', name)`, `location eq 'l'`, clauses joined with `and`.

type Pred = (r: ArmResource) => boolean;

export function parseResourceFilter(filter: string | null): Pred {
  if (!filter || !filter.trim()) return () => true;
  const preds: Pred[] = [];
  let tagName: string | undefined;
  for (const clause of filter.split(/\s+and\s+/i)) {
    const eq = /^\s*(resourceType|tagName|tagValue|name|location)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(clause);
    const sub = /^\s*substringof\(\s*'((?:[^']|'')*)'\s*,\s*name\s*\)\s*$/i.exec(clause);
    if (eq) {
      const field = eq[1]!.toLowerCase();
      const v = eq[2]!.replace(/''/g, "'");
      const lv = v.toLowerCase();
      if (field === "resourcetype") preds.push((r) => r.type.toLowerCase() === lv);
      else if (field === "name") preds.push((r) => r.name.toLowerCase() === lv);
      else if (field === "location") preds.push((r) => (r.location ?? "").toLowerCase() === lv);
      else if (field === "tagname") {
        tagName = v;
        preds.push((r) => Object.keys(r.tags ?? {}).some((k) => k.toLowerCase() === lv));
      } else {
        const name = tagName;
        if (!name) throw armError(400, "InvalidFilterInQueryString", "tagValue can only be used together with tagName.");
        preds.push((r) => Object.entries(r.tags ?? {}).some(([k, tv]) => k.toLowerCase() === name.toLowerCase() && tv === v));
      }
    } else if (sub) {
      const v = sub[1]!.replace(/''/g, "'").toLowerCase();
      preds.push((r) => r.name.toLowerCase().includes(v));
    } else {
      throw armError(400, "InvalidFilterInQueryString", `The $filter '${filter}' is not supported: the clause '${clause.trim()}' is not understood.`);
    }
  }
  return (r) => preds.every((p) => p(r));
}
