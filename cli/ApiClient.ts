import { createHash } from "node:crypto";
import { makeToken } from "../local/arm/tokens";
import { LOCAL_APP_AUDIENCE } from "../local/host/easyAuth";
import { ApiError } from "./ApiError";
import type { Connection } from "./connection";

/**
 * Local world only: a bearer token for this person that the local host's Easy Auth turns into
 * `x-ms-client-principal` (it drops any principal header a client sends itself, as App Service does).
 */
function localToken(p: NonNullable<Connection["principal"]>): string {
  const h = createHash("sha256").update(p.name.toLowerCase()).digest("hex");
  const oid = p.objectId ?? `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  return makeToken({ oid, upn: p.name, preferred_username: p.name, name: p.name, idtyp: "user", aud: LOCAL_APP_AUDIENCE, roles: p.roles });
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  contentType: string;
}

/** The public HTTP API of a running ailz: the key in `x-functions-key`, errors as ApiError. */
export class ApiClient {
  constructor(private readonly conn: Connection) {}

  get baseUrl(): string {
    return this.conn.baseUrl;
  }

  async request<T = unknown>(method: string, path: string, opts: { body?: unknown; text?: string; contentType?: string; headers?: Record<string, string>; accept?: string } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: opts.accept ?? "application/json", ...opts.headers };
    if (this.conn.key) headers["x-functions-key"] = this.conn.key;
    // In Azure, Easy Auth validates an Entra token for the app (--token / AILZ_TOKEN); locally --as mints one.
    if (this.conn.token) headers.authorization = `Bearer ${this.conn.token}`;
    else if (this.conn.principal) headers.authorization = `Bearer ${localToken(this.conn.principal)}`;
    let body: string | undefined;
    if (opts.text !== undefined) {
      body = opts.text;
      headers["content-type"] = opts.contentType ?? "text/plain";
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers["content-type"] = "application/json";
    }
    let res: Response;
    try {
      res = await fetch(`${this.conn.baseUrl}${path}`, { method, headers, body });
    } catch (e) {
      throw new ApiError(0, "Unreachable", `cannot reach ${this.conn.baseUrl} (${(e as Error & { cause?: Error }).cause?.message ?? (e as Error).message})`);
    }
    const contentType = res.headers.get("content-type") ?? "";
    const raw = await res.text();
    const parsed: unknown = contentType.includes("json") && raw ? JSON.parse(raw) : raw;
    if (res.status >= 400) {
      const err = (parsed as { error?: { code?: string; message?: string; field?: string } })?.error;
      // Easy Auth's refusals name the principal; the host's own name the key.
      if (res.status === 401 && !/principal|token/i.test(err?.message ?? "")) throw new ApiError(401, "Unauthorized", `${this.conn.baseUrl} refused the key (401): give the function key with --key, AILZ_KEY or the profile file`);
      if (res.status === 401) throw new ApiError(401, "Unauthorized", `${err?.message ?? "not signed in"}: give --token (AILZ_TOKEN), or locally --as (AILZ_AS) with --role`);
      throw new ApiError(res.status, err?.code ?? `HTTP${res.status}`, err?.message ?? (raw.slice(0, 300) || `HTTP ${res.status}`), err?.field);
    }
    return { status: res.status, body: parsed as T, contentType };
  }

  get<T = unknown>(path: string): Promise<T> {
    return this.request<T>("GET", path).then((r) => r.body);
  }

  post<T = unknown>(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>> {
    return this.request<T>("POST", path, { body, headers });
  }
}
