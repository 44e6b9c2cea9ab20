// Resource Notifications events flatten JSON booleans to 1/0 (`"allowBlobPublicAccess": 1`).
// Property names that read as booleans get real booleans back so downstream code (and the
// facts re-read through ARM, which has true/false) compare equal; other numbers stay numbers.
const BOOLEAN_NAME = /^(is|has|enable|enabled|disable|disabled|allow|supports|require|requires|use|auto)[A-Z_]|Enabled$|^(enabled|disabled)$/;

/** A copy of `value` with 1/0 turned into true/false under boolean-named keys, at any depth. */
export function oneZeroBooleans(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => oneZeroBooleans(v));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = oneZeroBooleans(v, k);
    return out;
  }
  if ((value === 1 || value === 0) && key !== undefined && BOOLEAN_NAME.test(key)) return value === 1;
  return value;
}
