import type { ResourceFacts } from "../estate/ResourceFacts";
import type { Policy } from "../config/Policy";
import { vmSizeOf } from "./vmSizeOf";
import { isGpuSize } from "./isGpuSize";

export type AiResourceKind =
  | "gpuVm"
  | "gpuScaleSet"
  | "aiAccount"
  | "modelDeployment"
  | "mlWorkspace"
  | "mlCompute"
  | "aiSearch"
  | "aksGpuPool";

/** AI services with their own network/auth/identity settings (the hardening checks' subjects). */
export const AI_SERVICE_KINDS: ReadonlySet<AiResourceKind> = new Set(["aiAccount", "mlWorkspace", "aiSearch"]);

const gpuPoolIn = (profiles: unknown, policy: Policy): boolean =>
  Array.isArray(profiles) && profiles.some((p) => isGpuSize((p as { vmSize?: string } | null)?.vmSize, policy));

/**
 * Classifies a resource as AI (GPU compute or an AI service) or returns undefined.
 * `cognitiveKinds` limits which Cognitive Services account kinds count (case-insensitive).
 */
export function aiResourceKind(resource: ResourceFacts, policy: Policy, cognitiveKinds?: readonly string[]): AiResourceKind | undefined {
  switch (resource.type) {
    case "microsoft.compute/virtualmachines":
      return isGpuSize(vmSizeOf(resource), policy) ? "gpuVm" : undefined;
    case "microsoft.compute/virtualmachinescalesets":
      return isGpuSize(vmSizeOf(resource), policy) ? "gpuScaleSet" : undefined;
    case "microsoft.cognitiveservices/accounts": {
      if (!cognitiveKinds) return "aiAccount";
      const kind = (resource.kind ?? "").toLowerCase();
      return cognitiveKinds.some((k) => k.toLowerCase() === kind) ? "aiAccount" : undefined;
    }
    case "microsoft.cognitiveservices/accounts/deployments":
      return "modelDeployment";
    case "microsoft.machinelearningservices/workspaces":
      return "mlWorkspace";
    case "microsoft.machinelearningservices/workspaces/computes":
      return "mlCompute";
    case "microsoft.search/searchservices":
      return "aiSearch";
    case "microsoft.containerservice/managedclusters/agentpools":
      return isGpuSize(vmSizeOf(resource), policy) ? "aksGpuPool" : undefined;
    case "microsoft.containerservice/managedclusters":
      return gpuPoolIn(resource.properties["agentPoolProfiles"], policy) ? "aksGpuPool" : undefined;
    default:
      return undefined;
  }
}
