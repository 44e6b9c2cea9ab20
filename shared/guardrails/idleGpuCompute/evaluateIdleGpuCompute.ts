import type { Policy } from "../../config/Policy";
import type { Action } from "../../estate/Action";
import type { Decision } from "../../estate/Decision";
import type { ResourceFacts } from "../../estate/ResourceFacts";
import type { SubscriptionFacts } from "../../estate/SubscriptionFacts";
import { dryRunFor } from "../../engine/dryRunFor";
import type { GpuUtilisation } from "../../sweep/GpuUtilisation";
import { powerStateOf } from "../../sweep/provenance/powerStateOf";
import type { SweepBatch } from "../../sweep/SweepBatch";
import { isGpuSize } from "../isGpuSize";
import { vmSizeOf } from "../vmSizeOf";
import { coresOfSize } from "./coresOfSize";
import { idleGpuComputeName, type IdleGpuComputeParams } from "./params";

const VM = "microsoft.compute/virtualmachines";
const AKS = "microsoft.containerservice/managedclusters";

const round2 = (x: number) => Math.round(x * 100) / 100;
const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const tagOf = (tags: Record<string, string> | undefined, k: string) => Object.entries(tags ?? {}).find(([t]) => t.toLowerCase() === k.toLowerCase())?.[1];

/**
 * GPU compute that costs money and does nothing, from the batch's Resource Graph facts and the
 * metrics read for its running GPU resources. Pure. Rules:
 * - `idleRunning`: a running GPU VM or scale set whose signal (GPU metric, else CPU and network)
 *   was idle in at least `idleShare` of at least `minRunningHours` running hours of the window.
 *   In sandboxes and dev (`deallocateIdleIn`) two phases: the first night a notice (`flag`, notify:
 *   "would deallocate on <date> unless kept"); a night on or after that date, inside the off-hours
 *   window, deallocates (`act`). A keep answer is an exemption on the VM, applied by the engine.
 *   Elsewhere it is flagged.
 * - `stoppedNotDeallocated`: a GPU VM stopped from the OS (`PowerState/stopped`) still bills
 *   compute and holds quota: deallocate.
 * - `amlMinNodes`: an Azure ML GPU cluster with `minNodeCount > 0` and no active node in the
 *   window: set the minimum to 0 (running jobs are not touched; there are none).
 * - `aksGpuPoolHeld`: an AKS GPU node pool that cannot scale to zero (autoscaling off, or
 *   `minCount > 0`): flagged with the cores it holds. No node metrics are read for it.
 */
export function evaluateIdleGpuCompute(batch: SweepBatch, p: IdleGpuComputeParams, policy: Policy, now: Date): Decision[] {
  const facts = batch.facts;
  const util = new Map((facts.gpu ?? []).map((u) => [u.resourceId.toLowerCase(), u]));
  const cost = facts.gpuMonthlyCost ?? {};
  const subs = new Map(batch.subscriptions.map((s) => [s.id, s]));
  const currency = batch.costs.currency;
  const out: Decision[] = [];
  const dry = (action?: Decision["action"]) => dryRunFor(policy, idleGpuComputeName, action);
  const money = (id: string, share = 1) => (cost[id.toLowerCase()] !== undefined ? { estimatedMonthlyCost: round2(cost[id.toLowerCase()]! * share), currency } : { estimatedMonthlyCost: null, currency });
  const evidenceOf = (u: GpuUtilisation) => ({ signal: u.signal, metric: u.metric, windowHours: u.windowHours, average: u.average, peak: u.peak, hoursWithData: u.hoursWithData, hoursIdle: u.hoursIdle, ...(u.networkMBPerHour !== null ? { networkMBPerHour: u.networkMBPerHour } : {}) });
  const isDev = (r: ResourceFacts, sub?: SubscriptionFacts) =>
    (p.deallocateIdleIn.includes("sandbox") && (sub?.archetype ?? r.archetype) === "sandbox") ||
    (p.deallocateIdleIn.includes("dev") && [tagOf(r.tags, p.environmentTag), tagOf(sub?.tags, p.environmentTag)].some((v) => v?.toLowerCase() === "dev"));

  for (const r of facts.resources) {
    const sub = subs.get(r.subscriptionId);
    const base = { guardrail: idleGpuComputeName, resourceId: r.id };

    if (r.type === VM && isGpuSize(vmSizeOf(r), policy) && /(^|\/)stopped$/i.test(powerStateOf(r) ?? "")) {
      const m = money(r.id);
      const action = { type: "deallocate", vmId: r.id } as const;
      out.push({
        ...base,
        rule: "stoppedNotDeallocated",
        verdict: "act",
        severity: "medium",
        reason: `idleGpuCompute: ${vmSizeOf(r)} VM ${r.name} is stopped but not deallocated: compute still bills${m.estimatedMonthlyCost !== null ? ` (about ${round2(m.estimatedMonthlyCost / 30)} ${currency} a day)` : ""} and its cores stay in use; deallocate it`,
        evidence: { powerState: powerStateOf(r), vmSize: vmSizeOf(r), metric: "none (a stopped VM publishes no host metrics)", ...m, dailyCost: m.estimatedMonthlyCost !== null ? round2(m.estimatedMonthlyCost / 30) : null },
        action,
        dryRun: dry(action),
      });
      continue;
    }

    const u = util.get(r.id.toLowerCase());
    if (u && (u.signal === "gpu" || u.signal === "cpuNetwork")) {
      const idle = u.hoursWithData >= p.minRunningHours && u.hoursIdle >= p.idleShare * u.hoursWithData;
      const evidence = { ...evidenceOf(u), vmSize: vmSizeOf(r), ...money(r.id) };
      const signal = u.signal === "gpu" ? "GPU utilisation" : "CPU and network (no GPU metric published)";
      if (!idle) {
        out.push({ ...base, rule: "idleRunning", verdict: "ok", reason: `idleGpuCompute: ${r.name} in use by ${signal}: ${u.hoursIdle} of ${u.hoursWithData} running hours idle`, evidence, dryRun: dry() });
        continue;
      }
      const idleText = `idleGpuCompute: ${vmSizeOf(r)} ${r.name} idle by ${signal}: average ${u.average} (peak ${u.peak})${u.signal === "gpu" ? "%" : "% CPU"} over ${u.windowHours} h, ${u.hoursIdle} of ${u.hoursWithData} running hours idle${evidence.estimatedMonthlyCost !== null ? `, about ${evidence.estimatedMonthlyCost} ${currency} a month` : ""}`;
      if (!(r.type === VM && isDev(r, sub))) {
        const action: Action = { type: "notifyOnly", contacts: [] };
        out.push({ ...base, rule: "idleRunning", verdict: "flag", severity: "medium", reason: idleText, evidence, action, dryRun: dry(action) });
        continue;
      }
      // Two phases: the date told on the first night holds until the finding closes.
      const noticed = batch.memory.idleGpuNotices?.[r.id.toLowerCase()];
      const deallocateOn = noticed ?? dayOf(now.getTime() + p.graceDays * DAY);
      const window = offHoursOf(r, sub, p);
      const inWindow = !window || inHours(now.getUTCHours(), window);
      const due = noticed !== undefined && dayOf(now.getTime()) >= deallocateOn;
      const phased = { ...evidence, deallocateOn, graceDays: p.graceDays, ...(window ? { offHours: `${window.from}-${window.to} UTC` } : {}) };
      if (due && inWindow) {
        const action: Action = { type: "deallocate", vmId: r.id };
        out.push({ ...base, rule: "idleRunning", verdict: "act", severity: "medium", reason: `${idleText}; notice given, not kept: deallocate it (dev/sandbox, due ${deallocateOn})`, evidence: phased, action, dryRun: dry(action) });
        continue;
      }
      const action: Action = { type: "notifyOnly", contacts: [] };
      const hours = window ? `the off hours ${window.from}:00-${window.to}:00 UTC` : "";
      const when = due ? `in ${hours} unless kept` : `on ${deallocateOn} unless kept${window ? ` (in ${hours})` : ""}`;
      out.push({
        ...base,
        rule: "idleRunning",
        verdict: "flag",
        severity: "medium",
        reason: `${idleText}; would deallocate ${when}; the owner can answer "keep running until <date>"`,
        evidence: phased,
        action,
        dryRun: dry(action),
      });
      continue;
    }

    if (u && r.type === "microsoft.machinelearningservices/workspaces/computes") {
      const min = Number(((r.properties["properties"] as { scaleSettings?: { minNodeCount?: number } } | undefined)?.scaleSettings?.minNodeCount) ?? 0);
      const workspace = r.id.replace(/\/computes\/[^/]+$/i, "");
      const evidence = { ...evidenceOf(u), minNodeCount: min, ...money(workspace) };
      const noJobs = u.signal === "amlActiveNodes" && u.hoursWithData >= p.minRunningHours && u.hoursIdle === u.hoursWithData;
      if (min === 0 || !noJobs) {
        out.push({ ...base, rule: "amlMinNodes", verdict: "ok", reason: `idleGpuCompute: AML cluster ${r.name} ${min === 0 ? "scales to zero" : `ran jobs (peak ${u.peak} active nodes)`}`, evidence, dryRun: dry() });
        continue;
      }
      const action = { type: "setAmlMinNodes", computeId: r.id, fromMinNodes: min, toMinNodes: 0 } as const;
      out.push({
        ...base,
        rule: "amlMinNodes",
        verdict: "act",
        severity: "medium",
        reason: `idleGpuCompute: AML cluster ${r.name} keeps ${min} nodes warm with no job in ${u.windowHours} h (Active Nodes peak 0)${evidence.estimatedMonthlyCost !== null ? `, about ${evidence.estimatedMonthlyCost} ${currency} a month` : ""}; set its minimum to 0`,
        evidence,
        action,
        dryRun: dry(action),
      });
      continue;
    }

    if (r.type === AKS) {
      const pools = (r.properties["agentPoolProfiles"] ?? []) as { name?: string; vmSize?: string; count?: number; minCount?: number; enableAutoScaling?: boolean }[];
      const totalNodes = pools.reduce((a, x) => a + Number(x.count ?? 0), 0);
      for (const pool of pools) {
        if (!isGpuSize(pool.vmSize, policy)) continue;
        const held = pool.enableAutoScaling ? Number(pool.minCount ?? 0) : Number(pool.count ?? 0);
        const id = `${r.id}/agentPools/${pool.name}`;
        const share = totalNodes > 0 ? Number(pool.count ?? 0) / totalNodes : 0;
        const evidence = { vmSize: pool.vmSize, count: pool.count ?? 0, minCount: pool.minCount ?? null, enableAutoScaling: pool.enableAutoScaling ?? false, nodesHeld: held, coresHeld: held * coresOfSize(pool.vmSize ?? ""), metric: "none read (AKS node metrics need Container insights; the pool's scale settings are the evidence)", ...money(r.id, share) };
        if (held === 0) {
          out.push({ guardrail: idleGpuComputeName, resourceId: id, rule: "aksGpuPoolHeld", verdict: "ok", reason: `idleGpuCompute: AKS GPU pool ${pool.name} scales to zero`, evidence, dryRun: dry() });
          continue;
        }
        const action: Action = { type: "notifyOnly", contacts: [] };
        out.push({
          guardrail: idleGpuComputeName,
          resourceId: id,
          rule: "aksGpuPoolHeld",
          verdict: "flag",
          severity: "low",
          reason: `idleGpuCompute: AKS GPU pool ${pool.name} of ${r.name} ${pool.enableAutoScaling ? `keeps minCount ${pool.minCount}` : "has autoscaling off"}: ${held} ${pool.vmSize} nodes (${evidence.coresHeld} cores) held whether or not pods need them`,
          evidence,
          action,
          dryRun: dry(action),
        });
      }
    }
  }
  return out;
}

/** The off-hours window of a VM: its own or its subscription's tag ("19-7"), else the policy's. */
function offHoursOf(r: ResourceFacts, sub: SubscriptionFacts | undefined, p: IdleGpuComputeParams): { from: number; to: number } | undefined {
  const tagged = tagOf(r.tags, p.offHoursTag) ?? tagOf(sub?.tags, p.offHoursTag);
  const m = tagged ? /^\s*(\d{1,2})\s*-\s*(\d{1,2})\s*$/.exec(tagged) : null;
  if (m && Number(m[1]) < 24 && Number(m[2]) < 24) return { from: Number(m[1]), to: Number(m[2]) };
  return p.offHours;
}

/** Whether `hour` is in [from, to), wrapping midnight when `from > to`; `from == to` is all day. */
function inHours(hour: number, w: { from: number; to: number }): boolean {
  if (w.from === w.to) return true;
  return w.from < w.to ? hour >= w.from && hour < w.to : hour >= w.from || hour < w.to;
}
