import { isAzureError } from "../azure/AzureError";
import { entryOf } from "../config/entryOf";
import type { Policy } from "../config/Policy";
import type { ResourceFacts } from "../estate/ResourceFacts";
import { diagnosticsCoverageParams } from "../guardrails/diagnosticsCoverage/params";
import type { DiagnosticSettingFacts } from "./BatchFacts";
import { mapLimit } from "./mapLimit";
import type { SweepReader } from "./SweepReader";

/** Diagnostic-settings reads in flight: ARM reads of the resources' own subscriptions' buckets (250, refilling 25/s). */
const CONCURRENCY = 8;

/**
 * The diagnostic settings of the AI services diagnosticsCoverage judges (its types, in its
 * archetypes), one ARM list per resource: Resource Graph does not hold diagnostic settings. A
 * resource deleted since the graph saw it (404) is left out, so it is not judged.
 */
export async function collectDiagnosticSettings(reader: SweepReader, policy: Policy, resources: ResourceFacts[]): Promise<Record<string, DiagnosticSettingFacts[]>> {
  const entry = entryOf(policy, "diagnosticsCoverage");
  if (!entry || entry.mode === "off") return {};
  const p = diagnosticsCoverageParams.parse(entry.params);
  if (!p.workspaceId) return {};
  const types: ReadonlySet<string> = new Set(p.resourceTypes);
  const targets = resources.filter((r) => types.has(r.type) && p.archetypes.includes(r.archetype));
  const out: Record<string, DiagnosticSettingFacts[]> = {};
  await mapLimit(targets, CONCURRENCY, async (r) => {
    try {
      out[r.id.toLowerCase()] = (await reader.diagnosticSettings(r.id)).map((s) => ({ name: s.name, ...(s.workspaceId ? { workspaceId: s.workspaceId } : {}), logs: s.logs }));
    } catch (err) {
      if (!(isAzureError(err) && err.status === 404)) throw err;
    }
  });
  return out;
}
