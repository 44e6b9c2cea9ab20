import type { VendingRequest } from "../../../shared/estate/VendingRequest";
import type { VendingStatus } from "../../../shared/estate/VendingRequestState";
import type { ResolvedPrincipal } from "../../../shared/vending/PrincipalDirectory";
import { completedSteps } from "../../../shared/vending/withStep";
import { readRequest } from "../requestState";
import type { VendingDeps } from "../VendingDeps";

export interface LoadedRequest {
  status: VendingStatus;
  request: VendingRequest;
  /** Results of the steps that already succeeded (a retry skips them). */
  completed: Record<string, unknown>;
}

export async function loadRequest(deps: VendingDeps, input: { requestId: string }): Promise<LoadedRequest> {
  const s = await readRequest(deps, input.requestId);
  return { status: s.status, request: s.request, completed: completedSteps(s) };
}

/** Owners as validation resolved them (recorded on the `validate` step when the request was accepted). */
export function ownersOf(completed: Record<string, unknown>): ResolvedPrincipal[] {
  const v = completed.validate as { owners?: ResolvedPrincipal[] } | undefined;
  return v?.owners ?? [];
}
