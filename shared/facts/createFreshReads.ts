import type { ArmResourceLike } from "../estate/toResourceFacts";

/** Resource reads that events on the same resource share when the read is fresh enough for them. */
export interface FreshReads {
  /** The resource's body from a read begun after `changedAt` (+ clock skew), else from a new read. */
  read(resourceId: string, changedAt: Date): Promise<ArmResourceLike | undefined>;
  /** Drop what is known of the resource (ailz just wrote it: the next event must see that write). */
  forget(resourceId: string): void;
}

// A read begun after a change was made shows that change (or a later one), so it serves every
// event of the resource up to the moment it began: judging it is the same as reading again now,
// minus the round trip. A burst of writes to one resource (a deployment's PUT, its tags, its
// extensions) then costs one ARM read, not one each — ARM allows a principal 25 reads/s per
// subscription. SKEW_MS covers the difference between Event Grid's clock and ours.
const SKEW_MS = 2_000;

export function createFreshReads(
  readResource: (resourceId: string) => Promise<ArmResourceLike | undefined>,
  opts: { now?: () => number; ttlMs?: number; max?: number } = {},
): FreshReads {
  const now = opts.now ?? Date.now;
  const ttlMs = opts.ttlMs ?? 60_000;
  const max = opts.max ?? 10_000;
  const reads = new Map<string, { startedAt: number; body: Promise<ArmResourceLike | undefined> }>();
  return {
    read(resourceId, changedAt) {
      const key = resourceId.toLowerCase();
      const t = now();
      const hit = reads.get(key);
      if (hit && hit.startedAt >= changedAt.getTime() + SKEW_MS && t - hit.startedAt < ttlMs) return hit.body;
      const body = readResource(resourceId);
      const entry = { startedAt: t, body };
      // A failed read is not kept: the next event asks again.
      body.catch(() => {
        if (reads.get(key) === entry) reads.delete(key);
      });
      reads.delete(key);
      reads.set(key, entry);
      if (reads.size > max) reads.delete(reads.keys().next().value!);
      return body;
    },
    forget(resourceId) {
      reads.delete(resourceId.toLowerCase());
    },
  };
}
