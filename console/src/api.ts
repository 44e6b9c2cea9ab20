// Every call the console makes: the key from the page's own ?code= goes only in x-functions-key;
// the Easy Auth session cookie (same-origin) says who is acting.

export const KEY = new URLSearchParams(window.location.search).get("code") ?? "";

export interface Reply<T> {
  status: number;
  body: T | null;
  text: string;
}

interface ErrorBody {
  error?: { code?: string; message?: string; field?: string } | string;
}

/** Shows the hint instead of the sections: no key, a rejected key, nobody signed in. */
export function showKeyProblem(detail: string): void {
  const hint = document.getElementById("key-hint")!;
  hint.querySelector<HTMLElement>("[data-role=detail]")!.textContent = detail;
  hint.hidden = false;
  document.getElementById("sections")!.hidden = true;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
  const headers: Record<string, string> = { "x-functions-key": KEY, accept: "application/json" };
  if (body !== undefined) headers["content-type"] = typeof body === "string" ? "application/yaml" : "application/json";
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body), cache: "no-store", credentials: "same-origin", referrerPolicy: "no-referrer" });
  } catch (e) {
    return { status: 0, body: null, text: e instanceof Error ? e.message : String(e) };
  }
  const text = await res.text();
  let parsed: unknown = null;
  if ((res.headers.get("content-type") ?? "").includes("json") && text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  const err = (parsed as ErrorBody | null)?.error;
  if (res.status === 401 && typeof err === "object" && err.field === "x-ms-client-principal") showKeyProblem("Sign in first (401): ailz needs to know who you are. In Azure open /.auth/login/aad; locally /.auth/login/aad?as=<person>&post_login_redirect_uri=/api/console?code=<key>.");
  else if (res.status === 503 && typeof err === "object" && err.code === "AuthenticationNotConfigured") showKeyProblem(`App Service Authentication is not configured for this app (503): ${String(err.message).slice(0, 300)}`);
  else if (res.status === 401) showKeyProblem("The key in ?code= was rejected (401). Check it is a current function key for this app.");
  return { status: res.status, body: parsed as T | null, text };
}

/** The HTML of a report (the key stays in a header; the page shows it from a blob). */
export async function fetchHtml(path: string): Promise<string> {
  const res = await fetch(path, { headers: { "x-functions-key": KEY, accept: "text/html" }, cache: "no-store", credentials: "same-origin", referrerPolicy: "no-referrer" });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.text();
}

/**
 * A 404 that is not a function's own answer: the route does not exist, the feature is not
 * deployed. Azure's host answers it with no body, the local host with code FunctionNotFound.
 */
export function notDeployed(r: Reply<unknown>): boolean {
  const e = (r.body as ErrorBody | null)?.error;
  return r.status === 404 && !(e && typeof e === "object" && e.code !== "FunctionNotFound");
}

export function problem(r: Reply<unknown>): string {
  if (r.status === 0) return `Could not reach ailz: ${r.text}`;
  const e = (r.body as ErrorBody | null)?.error;
  const m = e && typeof e === "object" ? e.message : (e ?? r.text);
  return `HTTP ${r.status}${m ? `: ${String(m).slice(0, 300)}` : ""}`;
}
