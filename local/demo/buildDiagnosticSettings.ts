import type { ArmResource } from "../arm/state/schemas";
import { subId } from "./demoIds";

/** The platform's central Log Analytics workspace (management subscription; guardrails.yaml's diagnosticsCoverage fallback). */
const PLATFORM_WORKSPACE_ID = `/subscriptions/${subId(2)}/resourceGroups/rg-management/providers/Microsoft.OperationalInsights/workspaces/log-alz-eastus2`;

const AI_TYPES = new Set(["microsoft.cognitiveservices/accounts", "microsoft.machinelearningservices/workspaces"]);
const RETENTION = { enabled: false, days: 0 };

// The pipeline gives every AI service it deploys a diagnostic setting to the platform workspace;
// these are the exceptions the demo shows (test/support/demoExpectations.ts, diagnosticsCoverage).
const EXCEPTIONS: Record<string, "none" | "storageOnly" | "metricsOnly"> = {
  // Made by hand in the portal: nobody added diagnostics.
  "oai-assistant-playground": "none",
  // Unvended and made by hand: none either (outside the archetypes the guardrail covers).
  "oai-ml-experiments": "none",
  // The team archives to the workspace's own storage account only; the platform sees nothing.
  "mlw-fraud-prod": "storageOnly",
  // Someone trimmed the setting to metrics: no logs reach the workspace.
  "ais-vision-prod": "metricsOnly",
};

function setting(resource: ArmResource, name: string, properties: Record<string, unknown>): ArmResource {
  return { id: `${resource.id}/providers/microsoft.insights/diagnosticSettings/${name}`, type: "Microsoft.Insights/diagnosticSettings", name, properties };
}

/** Diagnostic settings of the demo estate's AI services (Cognitive Services accounts and ML workspaces). */
export function buildDiagnosticSettings(resources: readonly ArmResource[]): ArmResource[] {
  const out: ArmResource[] = [];
  for (const r of resources) {
    if (!AI_TYPES.has(r.type.toLowerCase())) continue;
    const base = { storageAccountId: null, serviceBusRuleId: null, eventHubAuthorizationRuleId: null, eventHubName: null, logAnalyticsDestinationType: null };
    const allMetrics = [{ category: "AllMetrics", enabled: true, retentionPolicy: RETENTION }];
    const allLogs = [{ category: null, categoryGroup: "allLogs", enabled: true, retentionPolicy: RETENTION }];
    switch (EXCEPTIONS[r.name]) {
      case "none":
        break;
      case "storageOnly":
        out.push(setting(r, "archive", { ...base, storageAccountId: String((r.properties as { storageAccount?: string } | undefined)?.storageAccount ?? ""), workspaceId: null, metrics: [], logs: allLogs }));
        break;
      case "metricsOnly":
        out.push(setting(r, "platform-logs", { ...base, workspaceId: PLATFORM_WORKSPACE_ID, metrics: allMetrics, logs: [{ category: null, categoryGroup: "allLogs", enabled: false, retentionPolicy: RETENTION }] }));
        break;
      default:
        out.push(setting(r, "platform-logs", { ...base, workspaceId: PLATFORM_WORKSPACE_ID, metrics: allMetrics, logs: allLogs }));
    }
  }
  return out;
}
