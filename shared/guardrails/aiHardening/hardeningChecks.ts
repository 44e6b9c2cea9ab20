import type { ResourceFacts } from "../../estate/ResourceFacts";
import type { Archetype } from "../../estate/Archetype";
import type { Action } from "../../estate/Action";
import type { Policy } from "../../config/Policy";
import { AI_SERVICE_KINDS, type AiResourceKind } from "../aiResourceKind";
import { isChildResourceType } from "../isChildResourceType";
import { truthy } from "../truthy";
import { vmSizeOf } from "../vmSizeOf";

type HardeningRule = "publicNetworkAccess" | "localAuth" | "managedIdentity" | "approvedModels" | "gpuSku" | "region";

/** A check's result on one resource: `failed` with a reason, or passing. */
export interface CheckResult {
  rule: HardeningRule;
  failed: boolean;
  reason: string;
  evidence: Record<string, unknown>;
  /** The fix, for checks that have one. */
  fix?: Action;
}

const HAS_LOCAL_AUTH: ReadonlySet<AiResourceKind> = new Set(["aiAccount", "aiSearch", "mlCompute"]);
const GPU_KINDS: ReadonlySet<AiResourceKind> = new Set(["gpuVm", "gpuScaleSet", "aksGpuPool"]);

/** The ALZ AI guardrail checks that apply to this kind of resource, each evaluated. */
export function hardeningChecks(resource: ResourceFacts, kind: AiResourceKind, archetype: Archetype, policy: Policy): CheckResult[] {
  const params = policy.guardrails.aiHardening.params;
  const on = params.checks;
  const p = resource.properties;
  const out: CheckResult[] = [];

  if (on.publicNetworkAccess && AI_SERVICE_KINDS.has(kind)) {
    // Azure defaults to Enabled when the property is absent.
    const value = typeof p["publicNetworkAccess"] === "string" ? (p["publicNetworkAccess"] as string) : "Enabled";
    const failed = value.toLowerCase() !== "disabled";
    out.push({
      rule: "publicNetworkAccess",
      failed,
      reason: failed ? `public network access is ${value}` : "public network access is disabled",
      evidence: { publicNetworkAccess: value },
      fix: { type: "disablePublicNetworkAccess", resourceType: resource.type },
    });
  }
  if (on.localAuth && HAS_LOCAL_AUTH.has(kind)) {
    const disabled = truthy(p["disableLocalAuth"]);
    out.push({
      rule: "localAuth",
      failed: !disabled,
      reason: disabled ? "local (key) auth is disabled" : "local (key) auth is enabled",
      evidence: { disableLocalAuth: p["disableLocalAuth"] ?? null },
      fix: kind === "mlCompute" ? undefined : { type: "disableLocalAuth", resourceType: resource.type },
    });
  }
  if (on.managedIdentity && AI_SERVICE_KINDS.has(kind)) {
    const type = resource.identity?.type ?? "None";
    const failed = type.toLowerCase() === "none";
    out.push({ rule: "managedIdentity", failed, reason: failed ? "no managed identity" : `managed identity ${type}`, evidence: { identityType: type } });
  }
  if (on.approvedModels && kind === "modelDeployment") {
    const model = (p["model"] ?? {}) as { name?: string; version?: string; format?: string };
    const approved = policy.approvedModels.find((m) => m.name.toLowerCase() === (model.name ?? "").toLowerCase());
    const versionOk = approved !== undefined && (approved.versions.length === 0 || (model.version !== undefined && approved.versions.includes(model.version)));
    const label = `${model.name ?? "?"}${model.version ? ` ${model.version}` : ""}`;
    out.push({
      rule: "approvedModels",
      failed: !versionOk,
      reason: versionOk ? `model ${label} is approved` : approved ? `model ${label}: version not approved (allowed: ${approved.versions.join(", ")})` : `model ${label} is not on the approved list`,
      evidence: { model },
    });
  }
  if (on.gpuSku && GPU_KINDS.has(kind)) {
    const size = vmSizeOf(resource) ?? "";
    const allowed = params.gpuSkusByArchetype[archetype];
    const ok = allowed === undefined || allowed.some((a) => size.toLowerCase().startsWith(a.toLowerCase()));
    out.push({
      rule: "gpuSku",
      failed: !ok,
      reason: ok ? `GPU size ${size} is allowed in ${archetype}` : `GPU size ${size} is not allowed in ${archetype} (allowed: ${allowed!.length ? allowed!.join(", ") : "none"})`,
      evidence: { vmSize: size, archetype, allowed: allowed ?? null },
    });
  }
  if (on.region && !isChildResourceType(resource.type) && resource.location && resource.location !== "global") {
    const regions = regionsFor(archetype, policy);
    if (regions) {
      const ok = regions.some((r) => r.toLowerCase() === resource.location);
      out.push({
        rule: "region",
        failed: !ok,
        reason: ok ? `region ${resource.location} is allowed` : `region ${resource.location} is not allowed in ${archetype} (allowed: ${regions.join(", ")})`,
        evidence: { location: resource.location, archetype, allowed: regions },
      });
    }
  }
  return out;
}

function regionsFor(archetype: Archetype, policy: Policy): string[] | undefined {
  if (archetype !== "corp" && archetype !== "online" && archetype !== "sandbox") return undefined;
  return policy.guardrails.aiHardening.params.allowedRegions[archetype] ?? policy.vending?.archetypes[archetype].allowedRegions;
}
