import type { ZodError } from "zod";
import { issueField } from "../../shared/config/issueField";

/** The first issue of a ZodError as `field: message` (the field dotted, `body` for the root). */
export function zodMessage(err: ZodError, root = "body"): { field: string; message: string } {
  const issue = err.issues[0];
  if (!issue) return { field: root, message: `${root}: invalid` };
  const field = issueField(issue, root);
  return { field, message: `${field}: ${issue.message}` };
}
