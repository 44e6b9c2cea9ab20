import { z } from "zod";
import { Archetype } from "../../estate/Archetype";

export const diagnosticsCoverageName = "diagnosticsCoverage";

/** The AI services whose logs the platform collects: Cognitive Services accounts (Azure OpenAI, AI Services...) and ML workspaces. */
const DIAGNOSED_TYPES = ["microsoft.cognitiveservices/accounts", "microsoft.machinelearningservices/workspaces"] as const;

const WORKSPACE_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i;

export const diagnosticsCoverageParams = z
  .object({
    /**
     * The platform's Log Analytics workspace (full ARM id). guardrails.yaml reads it from
     * AILZ_LOG_ANALYTICS_WORKSPACE_ID; without one the guardrail has nothing to compare with and
     * reads nothing.
     */
    workspaceId: z.string().regex(WORKSPACE_ID, "a Log Analytics workspace resource id").optional(),
    /** Archetypes whose AI services must send their logs to the platform workspace. */
    archetypes: z.array(Archetype).default(["corp", "online", "sandbox"]),
    /** Resource types checked (lower-case ARM types). */
    resourceTypes: z.array(z.enum(DIAGNOSED_TYPES)).min(1).default([...DIAGNOSED_TYPES]),
    /** What `enforce` creates: a setting of this name sending these log category groups (and all metrics). */
    settingName: z.string().regex(/^[A-Za-z0-9_.-]{1,260}$/).default("ailz-platform-logs"),
    categoryGroups: z.array(z.enum(["allLogs", "audit"])).min(1).default(["allLogs"]),
  })
  .strict();
export type DiagnosticsCoverageParams = z.infer<typeof diagnosticsCoverageParams>;

export const diagnosticsCoverageExample = `
diagnosticsCoverage:
  mode: dryRun             # enforce: creates the diagnostic setting to the platform workspace
  params:
    # guardrails.yaml: \${AILZ_LOG_ANALYTICS_WORKSPACE_ID:-...}
    workspaceId: /subscriptions/6a1b2c3d-0000-4000-8000-000000000042/resourceGroups/rg-management/providers/Microsoft.OperationalInsights/workspaces/log-alz
    archetypes: [corp, online, sandbox]
    settingName: ailz-platform-logs
    categoryGroups: [allLogs]
`;
