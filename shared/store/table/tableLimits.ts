// What one entity may hold, as the stricter of Azure Table Storage (learn.microsoft.com, "Understanding
// the Table service data model") and Azurite 3.37 (measured in test/shared/store/tableLimits.test.ts):
//   string property  Azure: 64 KiB of UTF-16 (32K units)     Azurite: .length <= 32768 units
//   entity           Azure: documented size formula <= 1 MiB Azurite: UTF-8 bytes of the request body <= 1 MiB (update)
//   properties       Azure: 252 custom (+ PartitionKey, RowKey, Timestamp)   Azurite: no limit
//   keys             Azure: 1 KiB                             Azurite: .length <= 512, no / \ # ? or control characters
// A string is also held to 64 KiB as UTF-8, so a service that counts a property's bytes that way
// cannot truncate it either.

export interface TextLimit {
  /** UTF-16 code units. */
  units: number;
  /** UTF-8 bytes. */
  bytes: number;
}

export const PROPERTY_LIMIT: TextLimit = { units: 32 * 1024, bytes: 64 * 1024 };
export const KEY_LIMIT: TextLimit = { units: 512, bytes: 1024 };
export const ENTITY_BYTES = 1024 * 1024;
export const CUSTOM_PROPERTIES = 252;
