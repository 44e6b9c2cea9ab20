// Azure RBAC action matching: case-insensitive, a star matches any run of characters within and
// across "/" segments ("Microsoft.Compute/*" grants "Microsoft.Compute/virtualMachines/write",
// "*/read" grants every read).
const SPECIAL = new Set([".", "+", "?", "^", "$", "{", "}", "(", ")", "|", "[", "]", "\\", "/"]);
const escape = (text: string) => [...text].map((c) => (SPECIAL.has(c) ? "\\" + c : c)).join("");

export function actionMatches(pattern: string, action: string): boolean {
  return new RegExp("^" + pattern.split("*").map(escape).join(".*") + "$", "i").test(action);
}

export function grantedBy(patterns: readonly string[], action: string): string | undefined {
  return patterns.find((p) => actionMatches(p, action));
}

/** The kind of an operation by its last segment: `read`, `write`, `delete` or `action`. */
export function actionKind(action: string): "read" | "write" | "delete" | "action" | "other" {
  const last = action.slice(action.lastIndexOf("/") + 1).toLowerCase();
  return last === "read" || last === "write" || last === "delete" || last === "action" ? last : "other";
}
