/** POST JSON with fetch; non-2xx becomes an Error carrying the status and the start of the reply. */
export async function postJson(
  url: string,
  body: unknown,
  init: { headers?: Record<string, string>; signal: AbortSignal; text?: string },
): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...init.headers },
    body: init.text ?? JSON.stringify(body),
    signal: init.signal,
  });
  const text = await res.text();
  if (!res.ok) throw Object.assign(new Error(`POST ${new URL(url).host} answered ${res.status}: ${text.slice(0, 200)}`), { status: res.status });
  return { status: res.status, text, headers: res.headers };
}
