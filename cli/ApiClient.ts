import { ApiError } from "./ApiError";
import type { Connection } from "./connection";

/** Easy Auth's principal header, as App Service would send it for this person (local world only). */
function principalHeader(p: NonNullable<Connection["principal"]>): string {
  const claims = [
    { typ: "preferred_username", val: p.name },
    ...(p.objectId ? [{ typ: "http://schemas.microsoft.com/identity/claims/objectidentifier", val: p.objectId }] : []),
    ...p.roles.map((r) => ({ typ: "roles", val: r })),
  ];
  return Buffer.from(JSON.stringify({ auth_typ: "aad", name_typ: "preferred_username", role_typ: "roles", claims })).toString("base64");
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
    if (this.conn.principal) headers["x-ms-client-principal"] = principalHeader(this.conn.principal);
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
      if (res.status === 401) throw new ApiError(401, "Unauthorized", `${this.conn.baseUrl} refused the key (401): give the function key with --key, AILZ_KEY or the profile file`);
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
