/** Rating from a share: below bands[0] -> 1, >= bands[0] -> 2 ... >= bands[3] -> 5. */
export function rateShare(share: number, bands: readonly number[]): number {
  return 1 + bands.filter((b) => share >= b).length;
}

/** Rating from a count where fewer is better: <= bands[0] -> 5 ... > bands[3] -> 1. */
export function rateCount(count: number, bands: readonly number[]): number {
  return 5 - bands.filter((b) => count > b).length;
}
