import type { Context } from "../Context";
import { UsageError } from "../UsageError";

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;

export function severityRank(s: string): number {
  const i = SEVERITIES.indexOf(s as (typeof SEVERITIES)[number]);
  if (i < 0) throw new UsageError(`--fail-on: must be one of ${SEVERITIES.join(", ")} (got ${s})`);
  return i;
}

/** Exit 1 when an open finding (of the filter) is at or above `severity`; says how many on stderr. */
export async function failOnFindings(ctx: Context, severity: string, filter: { guardrail?: string; subscription?: string }): Promise<number> {
  const min = severityRank(severity);
  let token: string | undefined;
  let hits = 0;
  do {
    const q = new URLSearchParams({ status: "open", pageSize: "1000", ...(filter.guardrail ? { guardrail: filter.guardrail } : {}), ...(filter.subscription ? { subscription: filter.subscription } : {}), ...(token ? { continuationToken: token } : {}) });
    const page = await ctx.api().get<{ value: Array<{ severity: string }>; continuationToken?: string }>(`/api/findings?${q}`);
    hits += page.value.filter((f) => SEVERITIES.indexOf(f.severity as (typeof SEVERITIES)[number]) >= min).length;
    token = page.continuationToken;
  } while (token);
  if (hits > 0) {
    ctx.io.err(`ailz: ${hits} open finding(s) at or above ${severity} (--fail-on ${severity})`);
    return 1;
  }
  return 0;
}
