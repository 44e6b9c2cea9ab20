// Typed store errors so callers can tell "someone else wrote first" (retry or re-read) from
// "not there" and from real failures, without parsing SDK status codes themselves.

export class StoreConflictError extends Error {
  override readonly name = "StoreConflictError";
  constructor(message: string) {
    super(message);
  }
}

export class StoreNotFoundError extends Error {
  override readonly name = "StoreNotFoundError";
  constructor(message: string) {
    super(message);
  }
}

/**
 * The value cannot be stored as it is: a property, key or entity over Table Storage's limits (see
 * table/tableLimits.ts), or text no service can encode. Thrown before anything is written.
 */
export class StoreLimitError extends Error {
  override readonly name = "StoreLimitError";
  constructor(readonly table: string, message: string) {
    super(message);
  }
}

export class StoreConfigError extends Error {
  override readonly name = "StoreConfigError";
  constructor(readonly setting: string, message: string) {
    super(message);
  }
}

export class IpamExhaustedError extends Error {
  override readonly name = "IpamExhaustedError";
  constructor(readonly pool: string, readonly prefixLength: number) {
    super(`IPAM pool ${pool} has no free /${prefixLength} range`);
  }
}
