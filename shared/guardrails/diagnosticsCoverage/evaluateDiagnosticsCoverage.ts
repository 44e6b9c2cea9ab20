import { sendsLogsTo } from "../../azure/monitor/diagnosticSettings";
import type { Policy } from "../../config/Policy";
import { dryRunFor } from "../../engine/dryRunFor";
import type { Decision } from "../../estate/Decision";
import type { ResourceFacts } from "../../estate/ResourceFacts";
import type { DiagnosticSettingFacts } from "../../sweep/BatchFacts";
import { diagnosticsCoverageName, type DiagnosticsCoverageParams } from "./params";

const destinationOf = (s: DiagnosticSettingFacts) => (s.workspaceId ? `${s.name} -> ${s.workspaceId.split("/").pop()}${s.logs.length ? "" : " (no logs)"}` : `${s.name} (no workspace)`);

/**
 * An AI service (in the archetypes the policy names) with no diagnostic setting sending logs to
 * the platform's Log Analytics workspace is a finding: a setting to a team's own workspace, to
 * storage only, or with every log disabled leaves the platform blind. The action creates
 * ailz's setting (enforce only). Resources whose settings were not read are not judged; only
 * what fires is returned (the sweep resolves findings that stop firing).
 */
export function evaluateDiagnosticsCoverage(resources: ResourceFacts[], settings: Record<string, DiagnosticSettingFacts[]>, params: DiagnosticsCoverageParams, policy: Policy): Decision[] {
  const workspaceId = params.workspaceId;
  if (!workspaceId) return [];
  const types: ReadonlySet<string> = new Set(params.resourceTypes);
  const out: Decision[] = [];
  for (const r of resources) {
    if (!types.has(r.type) || !params.archetypes.includes(r.archetype)) continue;
    const own = settings[r.id.toLowerCase()];
    if (!own || own.some((s) => sendsLogsTo(s, workspaceId))) continue;
    const action = { type: "createDiagnosticSetting" as const, name: params.settingName, workspaceId, categoryGroups: params.categoryGroups };
    out.push({
      guardrail: diagnosticsCoverageName,
      resourceId: r.id,
      verdict: "act",
      rule: "noPlatformDiagnostics",
      severity: "medium",
      reason: `diagnosticsCoverage: ${r.name}: ${own.length === 0 ? "no diagnostic setting" : `no diagnostic setting sends logs to the platform workspace (${own.map(destinationOf).join("; ")})`}`,
      evidence: { type: r.type, archetype: r.archetype, workspaceId, settings: own.map((s) => ({ name: s.name, workspaceId: s.workspaceId ?? null, logs: s.logs })) },
      action,
      dryRun: dryRunFor(policy, diagnosticsCoverageName, action),
    });
  }
  return out;
}
