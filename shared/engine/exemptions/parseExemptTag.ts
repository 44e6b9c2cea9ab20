import { Exemption } from "../../estate/Exemption";
import { guardrailNames } from "../registry";
import { ExemptionTagError } from "./ExemptionTagError";

export const EXEMPT_TAG = "ailz-exempt";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (d: string) => DATE.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

/**
 * Reads `<guardrail>[,...];until=YYYY-MM-DD;ref=<ticket>` (parts after the first in any order,
 * `*` for every guardrail) as an exemption of `scope` (the tagged resource, group or
 * subscription). Throws `ExemptionTagError` listing every problem.
 * @internal
 */
export function parseExemptTag(value: string, scope: string, createdBy = "tag"): Exemption {
  const [head = "", ...rest] = value.split(";").map((s) => s.trim());
  const problems: string[] = [];
  const guardrails = head.split(",").map((s) => s.trim()).filter(Boolean);
  if (guardrails.length === 0) problems.push("no guardrail named before the first ';'");
  const known = new Set<string>(guardrailNames());
  for (const g of guardrails) if (g !== "*" && !known.has(g)) problems.push(`unknown guardrail "${g}" (known: ${guardrailNames().join(", ")})`);

  const fields = new Map<string, string>();
  for (const part of rest) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    const v = eq < 0 ? "" : part.slice(eq + 1).trim();
    if (key !== "until" && key !== "ref") problems.push(`unknown part "${part}"`);
    else if (fields.has(key)) problems.push(`${key} given twice`);
    else fields.set(key, v);
  }
  const until = fields.get("until");
  const ref = fields.get("ref");
  if (until === undefined || until === "") problems.push("until=YYYY-MM-DD is missing");
  else if (!validDate(until)) problems.push(`until "${until}" is not a date YYYY-MM-DD`);
  if (ref === undefined || ref === "") problems.push("ref=<ticket> is missing");
  if (problems.length > 0) throw new ExemptionTagError(value, problems);

  return Exemption.parse({
    id: `tag:${scope.toLowerCase()}`,
    scope,
    guardrails,
    until,
    ref,
    justification: `${EXEMPT_TAG} tag`,
    createdBy,
    source: "tag",
  });
}

/** The exemption a tag set carries, or the reason it is unusable; nothing when untagged. */
export function exemptionFromTags(tags: Record<string, string>, scope: string): { exemption?: Exemption; error?: string } {
  const entry = Object.entries(tags).find(([k]) => k.toLowerCase() === EXEMPT_TAG);
  if (!entry) return {};
  try {
    return { exemption: parseExemptTag(entry[1], scope) };
  } catch (e) {
    if (e instanceof ExemptionTagError) return { error: e.message };
    throw e;
  }
}
