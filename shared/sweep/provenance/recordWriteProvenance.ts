import type { Caller } from "../../estate/Caller";
import type { PrincipalType } from "../../estate/ResourceFacts";
import type { ProvenanceStore } from "./ProvenanceStore";

const asPrincipal = (c: Caller): { by: string; type: PrincipalType } =>
  c.kind === "app" ? { by: c.appId ?? c.objectId, type: "Application" } : c.kind === "managedIdentity" ? { by: c.objectId, type: "ManagedIdentity" } : { by: c.upn ?? c.objectId, type: "User" };

/**
 * For the event path: records the caller of a successful write as the resource's last modifier
 * (and creator when none is recorded yet), so the sweep knows who deployed it without a read.
 */
export async function recordWriteProvenance(store: ProvenanceStore, write: { resourceId: string; subscriptionId: string; caller: Caller; at: string }): Promise<void> {
  const before = await store.get(write.subscriptionId, write.resourceId);
  const who = asPrincipal(write.caller);
  await store.put({
    resourceId: write.resourceId,
    subscriptionId: write.subscriptionId,
    createdBy: before?.createdBy ?? who.by,
    createdByType: before?.createdByType ?? who.type,
    createdAt: before?.createdAt ?? write.at,
    lastModifiedBy: who.by,
    lastModifiedByType: who.type,
    lastModifiedAt: write.at,
    powerState: before?.powerState,
    source: "event",
    recordedAt: write.at,
  });
}
