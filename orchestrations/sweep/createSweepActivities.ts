import type { ExecuteOutcome } from "../../shared/actions/executeDecision";
import { carryOut, type PipelineDeps } from "../../shared/engine/carryOut";
import { markFindings } from "../../shared/engine/markFindings";
import type { FindingRecord } from "../../shared/store/records";
import { mapLimit } from "../../shared/sweep/mapLimit";
import type { ActionContext } from "../../shared/actions/ActionContext";
import { isAzureError } from "../../shared/azure/AzureError";
import type { Decision } from "../../shared/estate/Decision";
import { quotaReclaimId } from "../../shared/estate/QuotaReclaimState";
import { SandboxState } from "../../shared/estate/SandboxState";
import type { SubscriptionFacts } from "../../shared/estate/SubscriptionFacts";
import type { BatchDetail } from "../../shared/report/BatchDetail";
import { buildReport } from "../../shared/report/buildReport";
import { buildCostAttribution } from "../../shared/report/CostAttribution";
import type { ReportItem } from "../../shared/report/ReportItem";
import { renderHtml } from "../../shared/report/renderHtml";
import { renderMarkdown } from "../../shared/report/renderMarkdown";
import { SweepReport } from "../../shared/report/SweepReport";
import type { CostFacts } from "../../shared/sweep/CostFacts";
import { collectBatchFacts } from "../../shared/sweep/collectBatchFacts";
import { tagBudgetFacts } from "../../shared/guardrails/budgetAlerts/tagBudgetFacts";
import { collectCosts } from "../../shared/sweep/collectCosts";
import { collectGpuCosts } from "../../shared/sweep/collectGpuCosts";
import { collectSandboxCosts, type SandboxCosts } from "../../shared/sweep/collectSandboxCosts";
import { gpuUtilisationCollector } from "../../shared/sweep/collectGpuUtilisation";
import { collectDiagnosticSettings } from "../../shared/sweep/collectDiagnosticSettings";
import { collectRegionFacts } from "../../shared/sweep/collectRegionFacts";
import { idleGpuNoticesOf } from "../../shared/guardrails/idleGpuCompute/idleGpuNoticesOf";
import { gpuUtilisationRows } from "../../shared/report/gpuUtilisationRows";
import { gpuTeamSpend } from "../../shared/report/GpuTeamSpend";
import { collectQuotaAllocations } from "../../shared/sweep/collectQuotaAllocations";
import { evaluateBatch } from "../../shared/sweep/evaluateBatch";
import type { BatchMemory } from "../../shared/sweep/BatchMemory";
import { isDeallocatedVm } from "../../shared/sweep/isDeallocatedVm";
import { resolveProvenance } from "../../shared/sweep/provenance/resolveProvenance";
import type { ResourceFacts } from "../../shared/estate/ResourceFacts";
import type { RoutingFacts } from "../../shared/notify/resolveRecipients";
import { routingOf } from "../../shared/notify/routingOf";
import { listScope } from "../../shared/sweep/listScope";
import { listTaggedGroups, taggedGroupsIn, type TaggedGroup } from "../../shared/sweep/listTaggedGroups";
import type { QuotaAllocationRef } from "../../shared/sweep/QuotaAllocationRef";
import { QUOTA_RECLAIM, reclaimInstanceId } from "./names";
import { deleteScratch, getScratch, putScratch } from "./scratch";
import type { OrchestrationStarter, SweepDeps } from "./SweepDeps";
import { findingKey, openFindingsOf, resolveStaleFindings, sweepGuardrailsOn } from "./staleFindings";
import { exemptNote, toReportItem } from "./toReportItem";
import type { SandboxRow } from "../../shared/report/SandboxRow";
import type { BatchSummary, ReclaimStart } from "./types";
import { putFactsSnapshot, publishFactsSnapshot } from "./factsSnapshot";
import { readBatchMemory } from "./readBatchMemory";

const LOCK_SUFFIX = /\/providers\/Microsoft\.Authorization\/locks\/[^/]+$/i;
const hourOf = (d: Date) => new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000).toISOString();
const chunk = <T>(xs: T[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

interface Shared {
  costs: CostFacts;
  allocations: QuotaAllocationRef[];
  /** Monthly run rate of GPU compute by lower-case resource id (idleGpuCompute's money). */
  gpuCosts?: Record<string, number>;
  /** Spend per subscription and group over the last months: the report's cost per sandbox. */
  sandboxCosts?: SandboxCosts;
}

/** One batch's part of the scope, as listScope leaves it in scratch. */
interface ScopeBatch {
  subscriptions: SubscriptionFacts[];
  taggedGroups: TaggedGroup[];
}

/** The sweep's activities over injected dependencies (Temporal's createActivities(deps) shape). */
export function createSweepActivities(deps: SweepDeps) {
  const { policy, stores } = deps;
  const scratch = stores.catalog;

  return {
    /** Scope and its tagged resource groups -> batches in scratch; returns only counts (history stays small). */
    async listScope(input: { instanceId: string }): Promise<{ batches: number; concurrency: number; subscriptions: number }> {
      const [subs, taggedGroups] = await Promise.all([listScope(deps.reader, policy), listTaggedGroups(deps.reader, policy)]);
      const batches = chunk(subs, policy.sweep.batchSize);
      await Promise.all(batches.map((b, i) => putScratch(scratch, input.instanceId, `scope-${i}`, { subscriptions: b, taggedGroups: taggedGroupsIn(taggedGroups, b.map((s) => s.id)) } satisfies ScopeBatch)));
      return { batches: batches.length, concurrency: policy.sweep.concurrency, subscriptions: subs.length };
    },

    /** The facts every batch shares: one management-group cost query, one quota-group read per region. */
    async collectShared(input: { instanceId: string; now: string }): Promise<{ costScopes: number; allocations: number }> {
      const [costs, allocations, gpuCosts, sandboxCosts] = await Promise.all([
        collectCosts(deps.reader, policy, new Date(input.now)),
        collectQuotaAllocations(deps.reader, policy),
        collectGpuCosts(deps.reader, policy, new Date(input.now)),
        collectSandboxCosts(deps.reader, policy, new Date(input.now)),
      ]);
      await putScratch(scratch, input.instanceId, "shared", { costs, allocations, gpuCosts, sandboxCosts } satisfies Shared);
      return { costScopes: 1, allocations: allocations.length };
    },

    /** Collect -> evaluate -> act for one batch. Idempotent: executors check state first, audit ids derive from the sweep date. */
    async sweepBatch(input: { instanceId: string; index: number; now: string; dryRun: boolean }): Promise<BatchSummary> {
      const now = new Date(input.now);
      const { subscriptions: subs, taggedGroups } = await getScratch<ScopeBatch>(scratch, input.instanceId, `scope-${input.index}`);
      const shared = await getScratch<Shared>(scratch, input.instanceId, "shared");
      // Metrics only for the GPU compute the graph finds running (and AML GPU clusters), read while the graph pages on.
      const metrics = gpuUtilisationCollector(deps.reader, policy, now);
      const collected = await collectBatchFacts(deps.reader, policy, subs, { allocations: shared.allocations, taggedGroups }, { own: { identity: deps.actor, now }, onSubscriptionResources: metrics.add });
      // Resource Graph rows carry no systemData: who deployed an AI/GPU resource comes from recorded provenance.
      const provenance = await resolveProvenance(collected.resources, policy, { store: deps.provenance, resourceById: (id) => deps.reader.resourceById(id), ownIdentity: deps.actor, now, dryRun: input.dryRun });
      const gpu = await metrics.done();
      // Diagnostic settings only for the AI services the graph found (Resource Graph does not hold them).
      const diagnosticSettings = await collectDiagnosticSettings(deps.reader, policy, provenance.resources);
      // Models listings and GPU quota of production workloads' failover regions only.
      const regions = await collectRegionFacts(deps.reader, policy, subs, provenance.resources, collected.quota);
      const facts = { ...collected, resources: provenance.resources, gpu, gpuMonthlyCost: shared.gpuCosts ?? {}, diagnosticSettings, ...(regions ? { regions } : {}) };

      if (!input.dryRun) {
        await Promise.all(facts.quota.map((q) => stores.quotaSamples.record({ subscriptionId: q.subscriptionId, location: q.location, family: q.family, at: hourOf(now), usage: q.usage, limit: q.limit })));
      }
      const tagBudgetIds = tagBudgetFacts(subs, shared.costs, policy).map((b) => b.id);
      const memory: BatchMemory = await readBatchMemory(stores, policy, facts, shared.costs.periodStart, now, { vcpusBySize: await vcpusFor(facts.resources.filter(isDeallocatedVm)), tagBudgetIds });
      // Open findings before tonight's decisions (read in a dry run too: it reports the dates real nights gave).
      const openFound = await openFindingsOf(stores.findings, subs.map((s) => s.id));
      memory.idleGpuNotices = idleGpuNoticesOf(openFound);
      let evaluation = evaluateBatch(policy, now, subs, facts, shared.costs, memory);
      if (evaluation.needLocks.length > 0) {
        for (const id of evaluation.needLocks) memory.locks[id.toLowerCase()] = (await deps.reader.locks(id)).map((l) => l.id.replace(LOCK_SUFFIX, ""));
        evaluation = evaluateBatch(policy, now, subs, facts, shared.costs, memory);
      }
      // The facts as decided on, kept for the policy preview (a what-if over the latest sweep's facts).
      await putFactsSnapshot(scratch, input.instanceId, input.index, { subscriptions: subs, facts, costs: shared.costs, vcpusBySize: memory.vcpusBySize, locks: memory.locks, at: input.now });

      const items: ReportItem[] = [];
      const reclaims: ReclaimStart[] = [];
      const correlationId = `sweep:${input.instanceId}`;
      const routing = routingFor(subs, facts.resources, facts.sandboxGroups);
      const ctx: ActionContext = {
        azure: deps.azure,
        rootManagementGroupId: policy.managementGroups.root,
        sandboxActivity: stores.sandboxActivity,
        // Messages about a resource go to its owner tag, else its subscription's owners, else the policy's contacts.
        notifier: { notify: (msg, r) => deps.notifier.notify(msg, r ?? routing(msg.resourceId)) },
        now: () => now,
        audit: stores.audit,
        actor: deps.actor,
        correlationId,
      };
      const ownerOf = (subId: string) => subs.find((s) => s.id === subId)?.tags[policy.notifications.ownerTag];
      // A notification goes out when a finding opens (or reopens), not every night it stays open.
      const openBefore = input.dryRun ? [] : openFound;
      const openByKey = new Map(openBefore.map((f) => [findingKey(f), f]));
      // What is open once tonight's decisions are carried out: the resources' markers follow it.
      const openAfter = new Map(openByKey);
      const pipeline: PipelineDeps = {
        ctx,
        findings: stores.findings,
        publisher: deps.publisher,
        onPublishError: (err, f) => deps.log?.("warn", `publishing finding failed: ${err instanceof Error ? err.message : String(err)}`, { resourceId: f.resourceId }),
      };

      // An `ok` verdict is no line of the report (it only closes an open finding).
      const reported = (d: Decision) => d.verdict !== "ok" || d.exemption !== undefined;
      for (const d of evaluation.decisions) {
        if (input.dryRun) {
          if (reported(d)) items.push(toReportItem(d, d.action ? "wouldDo" : "flagged"));
          continue;
        }
        const open = openByKey.get(findingKey(d));
        if (d.action?.type === "lowerQuotaAllocation" && !d.exemption) {
          // Lowering quota waits for the owner: the reclaim orchestration notifies, holds the grace period, then runs it.
          const id = quotaReclaimId(d.action.subscriptionId, d.action.location, d.action.family);
          const owner = ownerOf(d.action.subscriptionId.toLowerCase());
          reclaims.push({ reclaimId: id, decision: d, owners: owner ? [owner] : [] });
          items.push({ ...toReportItem(d, "flagged"), note: `reclaim ${id}: owner notified, ${d.action.graceDays} days' grace` });
          continue;
        }
        const alertKey = typeof d.evidence["alertKey"] === "string" ? d.evidence["alertKey"] : undefined;
        if (alertKey && !d.exemption) {
          const e = d.evidence as { budgetId: string; periodStart: string; threshold: number; thresholdType: "Actual" | "Forecasted" };
          const first = await stores.budgetAlerts.markFired(e.budgetId, e.periodStart, e.threshold, e.thresholdType === "Actual" ? "actual" : "forecasted", now.toISOString());
          if (!first) continue;
        }
        // Budget alerts dedupe per period (markFired above); other notify-only findings notify once while open.
        const decision: Decision = d.action?.type === "notifyOnly" && !alertKey && open ? { ...d, action: undefined } : d;
        let outcome: ExecuteOutcome | { error: string };
        try {
          const done = await carryOut(decision, open, pipeline);
          outcome = done.outcome;
          if (done.resolved) openAfter.delete(findingKey(d));
          if (done.finding) openAfter.set(findingKey(d), done.finding);
        } catch (err) {
          // Throttling and transient faults fail the batch so the orchestrator retries it; the rest is reported.
          if (isAzureError(err) && err.retryable) throw err;
          outcome = { error: err instanceof Error ? err.message : String(err) };
        }
        if (reported(d)) items.push(toReportItem(decision, outcome));
        if (d.guardrail === "sandboxLifecycle" && d.rule === "inactive" && d.verdict === "act" && !d.exemption) await notifyFlagged(d, now);
      }

      let resolved = 0;
      if (!input.dryRun) {
        await Promise.all(evaluation.sandboxStates.map((s) => stores.sandboxState.put(s.id.toLowerCase(), s)));
        const done = await resolveStaleFindings(
          pipeline,
          sweepGuardrailsOn(policy),
          openBefore,
          { decisions: evaluation.decisions, resourceIds: new Set(facts.resources.map((r) => r.id.toLowerCase())), firedKeys: new Set(memory.firedKeys.map((k) => k.toLowerCase())), sandboxStates: evaluation.sandboxStates },
        );
        resolved = done.length;
        for (const f of done) openAfter.delete(findingKey(f));
        await markResources(facts.resources, [...openAfter.values()], ctx);
      }
      const detail: BatchDetail = {
        index: input.index,
        subscriptions: subs.length,
        items,
        inventory: evaluation.inventory,
        counts: evaluation.counts,
        sandboxes: sandboxRows(evaluation.sandboxStates, memory.sandboxStates, evaluation.decisions, input.dryRun),
        gpu: gpuUtilisationRows(facts, subs, policy, shared.costs.currency),
        gpuByTeam: gpuTeamSpend(facts, subs, policy, shared.costs.currency),
      };
      await putScratch(scratch, input.instanceId, `batch-${input.index}`, detail);
      const count = (o: ReportItem["outcome"]) => items.filter((i) => i.outcome === o).length;
      return { index: input.index, subscriptions: subs.length, decisions: evaluation.decisions.length, done: count("done"), wouldDo: count("wouldDo"), failed: count("failed"), resolved, reclaims };
    },

    /** Starts a reclaim orchestration per idle allocation unless one is already in its grace period. */
    async startReclaims(input: { instanceId: string; reclaims: ReclaimStart[] }, starter: OrchestrationStarter): Promise<{ started: string[]; running: string[] }> {
      const started: string[] = [];
      const running: string[] = [];
      for (const r of input.reclaims) {
        const outcome = await starter.startIfAbsent(QUOTA_RECLAIM, reclaimInstanceId(r.reclaimId), { ...r, sweepId: input.instanceId });
        (outcome === "started" ? started : running).push(r.reclaimId);
      }
      return { started, running };
    },

    /** Builds, stores and announces the report; forced dry runs are kept apart from the nightly reports. */
    async publishReport(input: { instanceId: string; date: string; startedAt?: string; now: string; dryRun: boolean; summaries: BatchSummary[]; failedBatches: number[]; reclaimsStarted: string[]; reclaimsRunning: string[] }): Promise<{ date: string; totals: SweepReport["totals"]; dryRun: boolean }> {
      const details = await Promise.all(input.summaries.map((s) => getScratch<BatchDetail>(scratch, input.instanceId, `batch-${s.index}`)));
      const dates = (await stores.reports.dates()).filter((d) => d < input.date).sort();
      const prevDate = dates[dates.length - 1];
      const prevJson = prevDate ? await stores.reports.get(prevDate, "json") : undefined;
      const previous = prevJson ? SweepReport.safeParse(JSON.parse(prevJson)) : undefined;
      const report = buildReport(
        details,
        {
          date: input.date,
          sweepId: input.instanceId,
          generatedAt: input.now,
          dryRun: input.dryRun,
          batches: input.summaries.length + input.failedBatches.length,
          failedBatches: input.failedBatches,
          reclaims: { started: input.reclaimsStarted, running: input.reclaimsRunning },
        },
        previous?.success ? previous.data : undefined,
        policy,
      );
      const shared = await getScratch<Shared>(scratch, input.instanceId, "shared");
      const sandboxStates = (await stores.sandboxState.list()).flatMap((d) => {
        const st = SandboxState.safeParse(d.value);
        return st.success ? [st.data] : [];
      });
      const attribution = buildCostAttribution(shared.costs, shared.sandboxCosts && { costs: shared.sandboxCosts, states: sandboxStates });
      if (attribution) report.costAttribution = attribution;
      const content = { json: report, md: renderMarkdown(report), html: renderHtml(report) };
      if (input.dryRun) await stores.catalog.put(`sweepDryRun-${input.date}`, { status: "sweepDryRunReport", ...content });
      else await stores.reports.put(input.date, content);
      await publishFactsSnapshot(scratch, input.instanceId, input.summaries.map((x) => x.index), input.now);
      const t = report.totals;
      await deps.notifier.notify({
        title: `ailz nightly sweep ${input.date}${input.dryRun ? " (dry run)" : ""}: ${t.done} done, ${t.wouldDo} would do, ${t.flagged} flagged, ${t.failed} failed`,
        summary: `${report.scope.subscriptions} subscriptions; ${report.inventory.shadow} shadow AI resources; scorecard call-outs: ${report.scorecard.filter((s) => s.callOut).map((s) => s.title).join(", ") || "none"}.`,
        severity: t.failed > 0 || input.failedBatches.length > 0 ? "high" : "info",
        recipients: policy.notifications.platformContacts,
        kind: "sweep.report",
        links: [{ title: "Report", url: `${deps.publicBaseUrl}/api/reports/${input.date}${input.dryRun ? "?dryRun=true" : ""}` }],
        data: { date: input.date, totals: t, dryRun: input.dryRun },
      });
      const parts = [...input.summaries.map((s) => `batch-${s.index}`), ...input.summaries.map((s) => `scope-${s.index}`), ...input.failedBatches.map((i) => `scope-${i}`), "shared"];
      await deleteScratch(scratch, input.instanceId, parts);
      deps.telemetry?.sweepCompleted({
        sweepId: input.instanceId,
        durationMs: input.startedAt ? Math.max(0, Date.parse(input.now) - Date.parse(input.startedAt)) : 0,
        outcome: input.failedBatches.length > 0 ? "failed" : "succeeded",
        subscriptions: input.summaries.reduce((n, s) => n + s.subscriptions, 0),
      });
      return { date: input.date, totals: t, dryRun: input.dryRun };
    },
  };

  /**
   * The report's sandbox rows. A dry run changes nothing, so a row shows the state ailz holds and
   * what the lifecycle would have moved it to; an exempted sandbox names its exemption.
   */
  function sandboxRows(states: SandboxState[], prior: SandboxState[], decisions: Decision[], dryRun: boolean): SandboxRow[] {
    const before = new Map(prior.map((s) => [s.id.toLowerCase(), s]));
    const row = (s: SandboxState) => ({
      id: s.id,
      status: s.status,
      lastActivityAt: s.lastActivityAt,
      flaggedAt: s.status === "Active" ? undefined : s.flaggedAt,
      decommissionedAt: s.status === "Decommissioned" ? s.decommissionedAt : undefined,
    });
    return states.map((s): SandboxRow => {
      const held = decisions.find((d) => d.guardrail === "sandboxLifecycle" && d.exemption && (d.resourceId.toLowerCase() + "/").startsWith(s.id.toLowerCase() + "/"));
      const exempt = held?.exemption ? exemptNote(held.exemption) : undefined;
      if (!dryRun) return { ...row(s), exempt };
      const was = before.get(s.id.toLowerCase());
      // Not tracked yet: in Azure it is simply an unflagged sandbox.
      const shown = was ? row(was) : { ...row(s), status: "Active", flaggedAt: undefined, decommissionedAt: undefined };
      return { ...shown, wouldBecome: exempt || shown.status === s.status ? undefined : s.status, exempt };
    });
  }

  /** The pipeline's marker step for the batch's resources; unchanged markers cost nothing (markFindings). */
  async function markResources(resources: ResourceFacts[], open: FindingRecord[], ctx: ActionContext): Promise<void> {
    const byResource = new Map<string, FindingRecord[]>();
    for (const f of open) byResource.set(f.resourceId.toLowerCase(), [...(byResource.get(f.resourceId.toLowerCase()) ?? []), f]);
    await mapLimit(resources, 8, async (r) => {
      try {
        await markFindings(r.id, r.tags, byResource.get(r.id.toLowerCase()) ?? [], ctx);
      } catch (err) {
        // Gone since the graph read it (tonight's decommission deleted its group, or someone else did): its marker went with it.
        if (isAzureError(err) && err.status === 404) return;
        throw err;
      }
    });
  }

  /** vCPUs of the deallocated VMs' sizes: one Compute resource-SKU read per region (cached by the reader). */
  async function vcpusFor(vms: ResourceFacts[]): Promise<Record<string, number>> {
    const regions = [...new Map(vms.map((v) => [v.location, v.subscriptionId])).entries()];
    const out: Record<string, number> = {};
    for (const [location, sub] of regions) for (const [size, n] of await deps.reader.vmSizeVcpus(sub, location)) out[size] = n;
    return out;
  }

  /** Routing of a resource id from the batch's tags: the resource's, its group's, its subscription's (routingOf). */
  function routingFor(subs: SubscriptionFacts[], resources: ResourceFacts[], groups: { id: string; tags: Record<string, string> }[]) {
    const byId = new Map<string, Record<string, string>>();
    for (const r of resources) byId.set(r.id.toLowerCase(), r.tags);
    for (const g of groups) byId.set(g.id.toLowerCase(), g.tags);
    const subsById = new Map(subs.map((s) => [s.id, s]));
    return (resourceId: string | undefined): RoutingFacts => {
      const id = (resourceId ?? "").toLowerCase();
      const rg = /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+)/.exec(id)?.[1];
      const sub = subsById.get(/^\/subscriptions\/([^/]+)/.exec(id)?.[1] ?? "");
      return routingOf(policy, { resource: byId.get(id), group: rg ? byId.get(rg) : undefined, subscription: sub?.tags });
    };
  }

  async function notifyFlagged(d: Decision, now: Date): Promise<void> {
    const m = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?/i.exec(d.resourceId);
    const path = m?.[2] ? `${m[1]}/resourceGroups/${m[2]}` : (m?.[1] ?? "");
    await deps.notifier.notify({
      title: `Sandbox ${d.resourceId} is inactive and will be decommissioned on ${String(d.evidence["decommissionOn"] ?? "")}`,
      summary: d.reason,
      severity: "medium",
      kind: "sandbox.flagged",
      resourceId: d.resourceId,
      guardrail: d.guardrail,
      links: [{ title: "Extend this sandbox", url: `${deps.publicBaseUrl}/api/sandboxes/${path}/extend` }],
      data: { flaggedAt: now.toISOString() },
    });
  }
}
