import type { z } from "zod";

/**
 * The dotted field a zod issue is about (`body` at the root); an unknown key names the key
 * itself, and an empty key shows as `""` so the field is never blank.
 */
export function issueField(issue: z.core.$ZodIssue, root = "body"): string {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys" && issue.keys.length > 0) path.push(issue.keys[0]!);
  return path.length > 0 ? path.map((p) => (p === "" ? '""' : p)).join(".") : root;
}
