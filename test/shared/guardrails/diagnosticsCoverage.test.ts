import { describe, expect, it } from "vitest";
import type { ActionContext } from "../../../shared/actions/ActionContext";
import { executeDecision } from "../../../shared/actions/executeDecision";
import type { DiagnosticSettingInfo } from "../../../shared/azure/monitor/diagnosticSettings";
import type { Decision } from "../../../shared/estate/Decision";
import { evaluateDiagnosticsCoverage } from "../../../shared/guardrails/diagnosticsCoverage/evaluateDiagnosticsCoverage";
import { createMemoryStores } from "../../support/memory/createMemoryStores";
import { fakeAzure } from "../enforce/fakes";
import { resourceFacts, subscriptionFacts } from "../fixtures/facts";
import { examplePolicy, policyWith } from "../fixtures/policy";

const policy = examplePolicy();
const params = policy.guardrails.diagnosticsCoverage.params;
const WS = params.workspaceId!;
const corp = subscriptionFacts();
const account = (sub = corp, name = "oai-app") => resourceFacts({ type: "Microsoft.CognitiveServices/accounts", name, kind: "OpenAI", properties: {} }, sub);
const platform = { name: "platform-logs", workspaceId: WS, logs: ["allLogs"] };
const fired = (settings: DiagnosticSettingInfo[], r = account(), p = params, pol = policy) => evaluateDiagnosticsCoverage([r], { [r.id.toLowerCase()]: settings }, p, pol);

describe("diagnosticsCoverage", () => {
  it("the shipped policy names the local world's platform workspace", () => {
    expect(WS).toBe("/subscriptions/c0c0c0c0-0000-4000-8000-000000000002/resourceGroups/rg-management/providers/Microsoft.OperationalInsights/workspaces/log-alz-eastus2");
  });

  it("flags an AI service with no setting, with the create action as a dry run by default", () => {
    const [d] = fired([]);
    expect(d).toMatchObject({ guardrail: "diagnosticsCoverage", rule: "noPlatformDiagnostics", verdict: "act", severity: "medium", dryRun: true });
    expect(d!.reason).toBe("diagnosticsCoverage: oai-app: no diagnostic setting");
    expect(d!.action).toEqual({ type: "createDiagnosticSetting", name: "ailz-platform-logs", workspaceId: WS, categoryGroups: ["allLogs"] });
    const enforced = policyWith("diagnosticsCoverage", "enforce");
    expect(fired([], account(), enforced.guardrails.diagnosticsCoverage.params, enforced)[0]!.dryRun).toBe(false);
  });

  it("flags settings that send elsewhere, to storage only, or with every log off, naming them", () => {
    const other = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log-team";
    const [d] = fired([{ name: "team", workspaceId: other, logs: ["allLogs"] }, { name: "archive", logs: ["audit"] }, { name: "trimmed", workspaceId: WS, logs: [] }]);
    expect(d!.reason).toBe("diagnosticsCoverage: oai-app: no diagnostic setting sends logs to the platform workspace (team -> log-team; archive (no workspace); trimmed -> log-alz-eastus2 (no logs))");
    expect(d!.evidence["settings"]).toHaveLength(3);
  });

  it("is quiet when a setting sends logs to the platform workspace (ids compare case-insensitively), when settings were not read, outside its archetypes or types", () => {
    expect(fired([platform])).toEqual([]);
    expect(fired([{ ...platform, workspaceId: WS.toUpperCase() }])).toEqual([]);
    const r = account();
    expect(evaluateDiagnosticsCoverage([r], {}, params, policy)).toEqual([]);
    const unvended = subscriptionFacts({ id: "33333333-0000-4000-8000-000000000003", archetype: "none" });
    expect(fired([], account(unvended))).toEqual([]);
    const search = resourceFacts({ type: "Microsoft.Search/searchServices", name: "srch", properties: {} });
    expect(fired([], search)).toEqual([]);
    const ws = resourceFacts({ type: "Microsoft.MachineLearningServices/workspaces", name: "mlw", properties: {} });
    expect(fired([], ws)).toHaveLength(1);
    const onlyAccounts = policyWith("diagnosticsCoverage", "dryRun", { resourceTypes: ["microsoft.cognitiveservices/accounts"] });
    expect(fired([], ws, onlyAccounts.guardrails.diagnosticsCoverage.params, onlyAccounts)).toEqual([]);
  });

  it("judges nothing without a platform workspace, and refuses one that is not a workspace id", () => {
    const none = policyWith("diagnosticsCoverage", "dryRun", { workspaceId: undefined });
    expect(fired([], account(), none.guardrails.diagnosticsCoverage.params, none)).toEqual([]);
    expect(() => policyWith("diagnosticsCoverage", "dryRun", { workspaceId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st" })).toThrow(/workspaceId/);
  });
});

describe("createDiagnosticSetting (the enforce action)", () => {
  function setup(initial: DiagnosticSettingInfo[] | undefined) {
    const stores = createMemoryStores({ now: () => Date.parse("2025-01-15T10:00:00Z") });
    const azure = fakeAzure();
    let settings = initial;
    const puts: string[] = [];
    azure.diagnosticSettings = async () => settings && [...settings];
    azure.putDiagnosticSetting = async (_id, name, spec) => {
      puts.push(`${name} ${spec.workspaceId} ${spec.categoryGroups.join(",")} metrics=${spec.metrics}`);
      const made = { name, workspaceId: spec.workspaceId, logs: spec.categoryGroups };
      settings = [...(settings ?? []).filter((s) => s.name !== name), made];
      return made;
    };
    const ctx: ActionContext = { azure, sandboxActivity: stores.sandboxActivity, now: () => new Date("2025-01-15T10:00:00Z"), audit: stores.audit, actor: "ailz", correlationId: "sweep:1", rootManagementGroupId: "alz" };
    return { azure, ctx, puts, stores };
  }
  const enforced = policyWith("diagnosticsCoverage", "enforce");
  const decisionFor = (settings: DiagnosticSettingInfo[]): Decision => fired(settings, account(), enforced.guardrails.diagnosticsCoverage.params, enforced)[0]!;

  it("creates ailz's setting beside a team's own, audits it, and is a no-op the second time", async () => {
    const team = { name: "team", workspaceId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log-team", logs: ["allLogs"] };
    const { ctx, puts, stores } = setup([team]);
    const d = decisionFor([team]);
    const first = await executeDecision(d, ctx);
    expect(first.result).toMatchObject({ outcome: "succeeded", note: "diagnostic setting ailz-platform-logs created" });
    expect(puts).toEqual([`ailz-platform-logs ${WS} allLogs metrics=true`]);
    const again = await executeDecision(d, { ...ctx, correlationId: "sweep:2" });
    expect(again.result).toMatchObject({ outcome: "succeeded", noop: true });
    expect(puts).toHaveLength(1);
    const audit = await stores.audit.query({ resourceId: account().id });
    expect(audit.map((a) => a.action)).toContain("action.createDiagnosticSetting");
  });

  it("respects a ReadOnly lock, skips a vanished resource, and only reports in dry run", async () => {
    const locked = setup([]);
    locked.azure.lockMap.set(account().id.toLowerCase(), [{ id: "l", name: "freeze", level: "ReadOnly" }]);
    expect((await executeDecision(decisionFor([]), locked.ctx)).result).toMatchObject({ outcome: "skipped", note: expect.stringContaining("ReadOnly lock freeze") });
    expect(locked.puts).toEqual([]);
    const gone = setup(undefined);
    expect((await executeDecision(decisionFor([]), gone.ctx)).result).toMatchObject({ outcome: "skipped", note: "resource no longer exists" });
    const dry = setup([]);
    expect((await executeDecision(fired([])[0]!, dry.ctx)).result?.note).toMatch(/^dry run: would create diagnostic setting ailz-platform-logs/);
    expect(dry.puts).toEqual([]);
  });
});
