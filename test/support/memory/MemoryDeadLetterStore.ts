import { randomUUID } from "node:crypto";
import type { DeadLetterStore } from "../../../shared/store/ports";
import { DeadLetter } from "../../../shared/store/records";

export class MemoryDeadLetterStore implements DeadLetterStore {
  private readonly entries: DeadLetter[] = [];
  constructor(private readonly now: () => number) {}

  async put(input: Omit<DeadLetter, "id" | "at"> & { at?: string }) {
    const e = DeadLetter.parse({ ...input, id: randomUUID(), at: input.at ?? new Date(this.now()).toISOString() });
    this.entries.push(structuredClone(e));
    return e;
  }
  async list(options: { since?: string; limit?: number } = {}) {
    const since = options.since ? Date.parse(options.since) : -Infinity;
    return this.entries
      .filter((e) => Date.parse(e.at) >= since)
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
      .slice(0, options.limit ?? 1000);
  }
}
