import { Provenance } from "../../../shared/sweep/provenance/Provenance";
import type { ProvenanceStore } from "../../../shared/sweep/provenance/ProvenanceStore";

export class MemoryProvenanceStore implements ProvenanceStore {
  private readonly bySub = new Map<string, Map<string, Provenance>>();

  async forSubscription(subscriptionId: string): Promise<Map<string, Provenance>> {
    return new Map(this.bySub.get(subscriptionId.toLowerCase()) ?? []);
  }

  async get(subscriptionId: string, resourceId: string): Promise<Provenance | undefined> {
    return this.bySub.get(subscriptionId.toLowerCase())?.get(resourceId.toLowerCase());
  }

  async put(record: Provenance): Promise<void> {
    const p = Provenance.parse(record);
    let m = this.bySub.get(p.subscriptionId);
    if (!m) this.bySub.set(p.subscriptionId, (m = new Map()));
    m.set(p.resourceId.toLowerCase(), p);
  }
}
