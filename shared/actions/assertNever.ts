/** Compile-time exhaustiveness for switches over unions; throws if reached at run time. */
export function assertNever(value: never, what = "value"): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
