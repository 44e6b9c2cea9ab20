import type { GuardrailModule } from "../../engine/GuardrailModule";
import { evaluateDiagnosticsCoverage } from "./evaluateDiagnosticsCoverage";
import { diagnosticsCoverageExample, diagnosticsCoverageName, diagnosticsCoverageParams } from "./params";

/** AI services (Cognitive Services accounts, ML workspaces) whose logs do not reach the platform's Log Analytics workspace. */
export const diagnosticsCoverage: GuardrailModule<typeof diagnosticsCoverageName, typeof diagnosticsCoverageParams> = {
  name: diagnosticsCoverageName,
  paramsSchema: diagnosticsCoverageParams,
  example: diagnosticsCoverageExample,
  onSweep: { evaluate: ({ facts }, params, policy) => ({ decisions: evaluateDiagnosticsCoverage(facts.resources, facts.diagnosticSettings ?? {}, params, policy) }) },
};
