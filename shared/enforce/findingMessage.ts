import type { MessageInput } from "../notify/Message";
import type { ResourceFacts } from "../estate/ResourceFacts";
import type { FindingRecord } from "../store/records";

const RANK = { low: 1, medium: 2, high: 3, critical: 4 } as const;

/** One notification for the findings an event opened and the actions it took. */
export function findingMessage(
  resourceId: string,
  resource: ResourceFacts | undefined,
  opened: FindingRecord[],
  actions: Array<{ description: string; note: string; outcome: string }>,
): MessageInput {
  const name = resource?.name ?? resourceId.split("/").pop() ?? resourceId;
  const severity = opened.reduce<keyof typeof RANK>((s, f) => (RANK[f.severity] > RANK[s] ? f.severity : s), "low");
  const title = opened.length > 0 ? `ailz: ${opened.length} finding${opened.length > 1 ? "s" : ""} on ${name}` : `ailz acted on ${name}`;
  return {
    title,
    summary: [...opened.map((f) => f.reason), ...actions.map((a) => `${a.outcome === "succeeded" ? "Done" : a.outcome}: ${a.description} (${a.note})`)].join("\n"),
    severity: opened.length > 0 ? severity : "info",
    facts: [
      { name: "Resource", value: resourceId },
      ...opened.map((f) => ({ name: f.rule ? `${f.guardrail}/${f.rule}` : f.guardrail, value: `${f.reason}${f.dryRun ? " (dry run)" : ""}` })),
      ...actions.map((a) => ({ name: "Action", value: `${a.description}: ${a.outcome} (${a.note})` })),
    ],
    kind: opened.length > 0 ? "finding.opened" : "action.taken",
    resourceId,
    guardrail: opened[0]?.guardrail,
    data: { findings: opened, actions },
  };
}
