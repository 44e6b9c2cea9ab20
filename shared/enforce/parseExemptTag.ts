import { z } from "zod";

export const EXEMPT_TAG = "ailz-exempt";

export interface TagExemption {
  guardrails: string[];
  until: string;
  ref: string;
}

const IsoDate = z.iso.date();

/**
 * Parses `ailz-exempt: <guardrail>[,<guardrail>...];until=YYYY-MM-DD;ref=<ticket>`. Returns the
 * exemption or an error naming the part that is wrong (a bad tag exempts nothing).
 */
export function parseExemptTag(value: string): TagExemption | { error: string } {
  const [head, ...rest] = value.split(";").map((s) => s.trim());
  const guardrails = (head ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (guardrails.length === 0) return { error: `${EXEMPT_TAG}: expected <guardrail>[,...];until=YYYY-MM-DD;ref=<ticket>` };
  const kv = new Map<string, string>();
  for (const part of rest) {
    const i = part.indexOf("=");
    if (i > 0) kv.set(part.slice(0, i).trim().toLowerCase(), part.slice(i + 1).trim());
  }
  const until = kv.get("until");
  if (!until || !IsoDate.safeParse(until).success) return { error: `${EXEMPT_TAG}: until must be YYYY-MM-DD, got ${JSON.stringify(until ?? null)}` };
  const ref = kv.get("ref");
  if (!ref) return { error: `${EXEMPT_TAG}: ref=<ticket> is required` };
  return { guardrails, until, ref };
}
