const tails = new Map<string, Promise<unknown>>();

/**
 * Runs `run` after every earlier run under the same key has settled (in this process), so two
 * events about one resource never read its state at the same time and both act on what they
 * read: a VM created and edited a second later is deallocated once, the second event seeing it
 * done (a no-op). Different keys run in parallel. A failed run does not block the next.
 */
export function oneAtATime<T>(key: string, run: () => Promise<T>): Promise<T> {
  const result = (tails.get(key) ?? Promise.resolve()).then(run, run);
  const tail = result.then(
    () => undefined,
    () => undefined,
  );
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return result;
}
