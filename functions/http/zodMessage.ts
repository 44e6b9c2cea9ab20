import type { ZodError } from "zod";

/** The first issue of a ZodError as `field: message` (the field dotted, `body` for the root). */
export function zodMessage(err: ZodError, root = "body"): { field: string; message: string } {
  const issue = err.issues[0];
  if (!issue) return { field: root, message: `${root}: invalid` };
  let path = issue.path.map(String);
  if (issue.code === "unrecognized_keys" && issue.keys.length > 0) path = [...path, issue.keys[0]!];
  const field = path.length > 0 ? path.join(".") : root;
  return { field, message: `${field}: ${issue.message}` };
}
