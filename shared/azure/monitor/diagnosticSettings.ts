import type { MonitorClient, DiagnosticSettingsResource } from "@azure/arm-monitor";
import { call } from "../AzureError";
import { armScope } from "../armScope";

/** One diagnostic setting of a resource, as far as the coverage check reads it. */
export interface DiagnosticSettingInfo {
  name: string;
  /** Log Analytics destination (full ARM id); undefined when the setting sends elsewhere only. */
  workspaceId?: string;
  /** Log categories or category groups sent (enabled entries only). */
  logs: string[];
}

/** Settings to create: every log of the named category groups (and all metrics) to one workspace. */
export interface DiagnosticSettingSpec {
  workspaceId: string;
  categoryGroups: string[];
  metrics: boolean;
}

const toInfo = (s: DiagnosticSettingsResource): DiagnosticSettingInfo => ({
  name: s.name ?? "",
  workspaceId: s.workspaceId || undefined,
  logs: (s.logs ?? []).filter((l) => l.enabled).map((l) => l.categoryGroup ?? l.category ?? ""),
});

/** The diagnostic settings of one resource (`Microsoft.Insights/diagnosticSettings`, one unpaged list). */
export async function listDiagnosticSettings(client: MonitorClient, resourceId: string): Promise<DiagnosticSettingInfo[]> {
  return call(async () => {
    const out: DiagnosticSettingInfo[] = [];
    for await (const s of client.diagnosticSettings.list(armScope(resourceId))) out.push(toInfo(s));
    return out;
  });
}

/** Creates or replaces one named diagnostic setting on a resource. */
export async function putDiagnosticSetting(client: MonitorClient, resourceId: string, name: string, spec: DiagnosticSettingSpec): Promise<DiagnosticSettingInfo> {
  const body: DiagnosticSettingsResource = {
    workspaceId: spec.workspaceId,
    logs: spec.categoryGroups.map((categoryGroup) => ({ categoryGroup, enabled: true })),
    metrics: spec.metrics ? [{ category: "AllMetrics", enabled: true }] : [],
  };
  return toInfo(await call(() => client.diagnosticSettings.createOrUpdate(armScope(resourceId), name, body)));
}

/** Whether a setting sends logs to this workspace (ARM ids compare case-insensitively). */
export const sendsLogsTo = (s: DiagnosticSettingInfo, workspaceId: string): boolean => s.logs.length > 0 && s.workspaceId?.toLowerCase() === workspaceId.toLowerCase();
