import type { ChangeClaimStore } from "../../../shared/store/ports";

export class MemoryChangeClaimStore implements ChangeClaimStore {
  private readonly claims = new Map<string, { family: string; until: number }>();
  constructor(private readonly now: () => number) {}

  async claim(key: string, family: string, ttlMs: number) {
    const held = this.claims.get(key);
    if (held && held.until > this.now()) return held.family;
    this.claims.set(key, { family, until: this.now() + ttlMs });
    return family;
  }
}
