import type { SandboxActivityStore } from "../../../shared/store/ports";
import { SandboxActivity } from "../../../shared/store/records";

export class MemorySandboxActivityStore implements SandboxActivityStore {
  private readonly rows = new Map<string, SandboxActivity>();

  async record(input: SandboxActivity) {
    const a = SandboxActivity.parse(input);
    const key = a.sandboxId.toLowerCase();
    const existing = this.rows.get(key);
    if (existing && Date.parse(existing.at) >= Date.parse(a.at)) return false;
    this.rows.set(key, a);
    return true;
  }
  async last(sandboxId: string) {
    return this.rows.get(sandboxId.toLowerCase());
  }
  async list() {
    return [...this.rows.values()];
  }
}
