import { statusOf } from "./TableContext";

/**
 * Runs an optimistic read-modify-write until it lands. 409 (created meanwhile) and 412 (ETag moved)
 * mean another writer won this round: re-read and try again, with a small jittered pause so
 * N contenders do not retry in lock-step.
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>, maxAttempts = 50): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      const s = statusOf(err);
      if ((s !== 409 && s !== 412) || i >= maxAttempts) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 5 * i)));
    }
  }
}
