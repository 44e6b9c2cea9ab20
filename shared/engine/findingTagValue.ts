/** The marker tag ailz puts on a resource with open findings. */
export const FINDING_TAG = "ailz-finding";

/** Azure caps tag values at 256 characters. */
const MAX = 256;

/** `guardrail/rule` of every open finding, sorted, comma-separated, within Azure's tag value limit. */
export function findingTagValue(open: Array<{ guardrail: string; rule?: string }>): string {
  const items = [...new Set(open.map((f) => (f.rule ? `${f.guardrail}/${f.rule}` : f.guardrail)))].sort();
  let out = "";
  for (const item of items) {
    const next = out ? `${out},${item}` : item;
    if (next.length > MAX) return out.length + 4 <= MAX ? `${out},...` : out;
    out = next;
  }
  return out;
}
