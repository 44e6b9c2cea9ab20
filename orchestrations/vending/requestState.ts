import { VendingRequestState } from "../../shared/estate/VendingRequestState";
import { StoreNotFoundError } from "../../shared/store/errors";
import type { VendingDeps } from "./VendingDeps";

/** The stored request, parsed; a missing one is a programming error (the API creates it first). */
export async function readRequest(deps: VendingDeps, requestId: string): Promise<VendingRequestState> {
  const v = await deps.stores.vendingRequests.get(requestId);
  if (!v) throw new StoreNotFoundError(`vending request ${requestId} not found`);
  return VendingRequestState.parse(v.value);
}

/** Read-modify-write with the store's optimistic concurrency; `change` returns undefined to skip. */
export async function updateRequest(deps: VendingDeps, requestId: string, change: (s: VendingRequestState) => VendingRequestState | undefined): Promise<VendingRequestState> {
  const v = await deps.stores.vendingRequests.update(requestId, (current) => {
    const next = change(VendingRequestState.parse(current));
    return next ? VendingRequestState.parse(next) : undefined;
  });
  return VendingRequestState.parse(v.value);
}
