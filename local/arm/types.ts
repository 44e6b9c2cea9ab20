import type { Emulator } from "./Emulator";

/** Who made a request, read from the bearer token's JWT payload (signature not verified). */
export interface Caller {
  objectId: string;
  tenantId: string;
  idtyp: "user" | "app";
  appId?: string;
  upn?: string;
  name?: string;
  /** Every claim of the token, for Event Grid's `data.claims`. */
  claims?: Record<string, unknown>;
}

export interface EmuRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: any;
  caller: Caller;
  apiVersion?: string;
}

export interface EmuResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (req: EmuRequest, emu: Emulator) => EmuResponse | Promise<EmuResponse>;

export interface RouteOptions {
  kind: "read" | "write" | "delete" | "action";
  rbacAction: string | ((req: EmuRequest) => string);
  /** Counter name; defaults to "<METHOD> <template>". */
  operation?: string;
  /**
   * Resource the Event Grid event is about, for write/delete/action routes. Defaults to the request
   * path (minus the action segment for "action" routes); return undefined to emit no event.
   */
  eventResource?: (req: EmuRequest, res: EmuResponse) => string | undefined;
  /** Requests without `api-version` are accepted (ARM requires it everywhere, so only for oddities). */
  apiVersionOptional?: boolean;
}

export interface Router {
  add(method: string, template: string, handler: Handler, opts: RouteOptions): void;
}
