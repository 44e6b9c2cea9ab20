/**
 * Turns a per-item call into batches: the items asked for in one turn of the event loop (the
 * events of one Event Grid delivery are invoked together) are handed to `flush` at once, at most
 * `maxBatch` per call. `flush` answers every item in order; when it throws, every item of that
 * batch rejects with its error. Waits no timer: the batch goes out as soon as the turn's
 * synchronous work and microtasks are done, so a lone call costs no latency.
 */
export function batchInTick<I, O>(flush: (items: I[]) => Promise<O[]>, maxBatch = 100): (item: I) => Promise<O> {
  let pending: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  const run = () => {
    const taken = pending;
    pending = [];
    for (let i = 0; i < taken.length; i += maxBatch) {
      const chunk = taken.slice(i, i + maxBatch);
      Promise.resolve().then(() => flush(chunk.map((p) => p.item))).then(
        (out) => chunk.forEach((p, j) => p.resolve(out[j] as O)),
        (err: unknown) => chunk.forEach((p) => p.reject(err)),
      );
    }
  };
  return (item) =>
    new Promise<O>((resolve, reject) => {
      if (pending.length === 0) setImmediate(run);
      pending.push({ item, resolve, reject });
    });
}
