import { ApiClient } from "./ApiClient";
import { resolveConnection, type ConnectionFlags } from "./connection";
import type { Output } from "./output";

/** What every command gets: the output, the global flags and (built on first use) the API client. */
export interface Context {
  io: Output;
  json: boolean;
  api(): ApiClient;
}

export function createContext(io: Output, flags: ConnectionFlags & { json?: boolean }): Context {
  let client: ApiClient | undefined;
  return { io, json: Boolean(flags.json), api: () => (client ??= new ApiClient(resolveConnection(flags))) };
}
