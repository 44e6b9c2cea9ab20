import { StoreConflictError } from "../../../shared/store/errors";
import type { ExemptionStore } from "../../../shared/store/ports";
import { ExemptionRecord } from "../../../shared/store/records";
import { scopeCovers } from "../../../shared/store/scopeCovers";

export class MemoryExemptionStore implements ExemptionStore {
  private readonly rows = new Map<string, ExemptionRecord>();
  constructor(private readonly now: () => number) {}

  async create(exemption: ExemptionRecord) {
    const r = ExemptionRecord.parse(exemption);
    if (this.rows.has(r.id)) throw new StoreConflictError(`exemption ${r.id} already exists`);
    this.rows.set(r.id, r);
    return r;
  }
  async get(id: string) {
    return this.rows.get(id);
  }
  async list(options: { includeExpired?: boolean; now?: string } = {}) {
    const t = options.now ? Date.parse(options.now) : this.now();
    return [...this.rows.values()].filter((x) => options.includeExpired || Date.parse(x.expiresAt) > t);
  }
  async delete(id: string) {
    return this.rows.delete(id);
  }
  async active(scopes: string | string[], guardrail: string, now: string) {
    const targets = Array.isArray(scopes) ? scopes : [scopes];
    return [...this.rows.values()].filter(
      (x) =>
        (x.guardrail === guardrail || x.guardrail === "*") &&
        Date.parse(x.expiresAt) > Date.parse(now) &&
        targets.some((t) => scopeCovers(x.scope, t)),
    );
  }
}
