import { Timespan, type Row } from "./values";

export type GraphColumnType = "string" | "integer" | "number" | "boolean" | "object" | "datetime";

/** Resource Graph's column types for the `table` result format, from the first non-null values. */
export function columnTypes(columns: readonly string[], rows: readonly Row[]): { name: string; type: GraphColumnType }[] {
  return columns.map((name) => {
    let type: GraphColumnType | undefined;
    let sawFraction = false;
    const n = Math.min(rows.length, 1000);
    for (let i = 0; i < n; i++) {
      const v = rows[i][name];
      if (v === null || v === undefined) continue;
      if (typeof v === "number") {
        if (!Number.isInteger(v)) sawFraction = true;
        type = "integer";
        continue;
      }
      type =
        typeof v === "string" || v instanceof Timespan ? "string"
        : typeof v === "boolean" ? "boolean"
        : v instanceof Date ? "datetime"
        : "object";
      break;
    }
    if (type === "integer" && sawFraction) type = "number";
    return { name, type: type ?? (["properties", "tags", "sku", "plan", "identity", "zones", "extendedLocation"].includes(name) ? "object" : "string") };
  });
}
