// The store's public surface: ports, record schemas, the two factories and typed errors.
export * from "./ports";
export * from "./records";
export * from "./errors";
export { createStores, createStoresFromEnv, type CreateStoresOptions } from "./createStores";
export { createMemoryStores } from "./memory/createMemoryStores";
export { StoreConfig, parseStoreConfig, storeConfigFromEnv } from "./storeConfig";
export { encodeKey, decodeKey, subscriptionOf } from "./keys";
export { scopeCovers } from "./scopeCovers";
export { parseCidr, formatCidr, overlaps } from "./cidr";
