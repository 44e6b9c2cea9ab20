import type { PipelineResponse } from "@azure/core-rest-pipeline";

/** Parses `hh:mm:ss` (Resource Graph's x-ms-user-quota-resets-after) or plain seconds into ms. */
export function parseDuration(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const hms = /^(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(trimmed);
  if (hms) return (Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3])) * 1000;
  const seconds = Number(trimmed);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * How long Azure asked us to wait before the next attempt, from every header it uses for that:
 * `retry-after-ms` / `x-ms-retry-after-ms` (ms), `Retry-After` (seconds or an HTTP date),
 * Cost Management's `x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after` (seconds) and,
 * when Resource Graph's user quota is spent, `x-ms-user-quota-resets-after` (hh:mm:ss).
 */
export function retryAfterMs(response: PipelineResponse, now: number = Date.now()): number | undefined {
  const h = response.headers;
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const v = Number(h.get(name));
    if (h.get(name) !== undefined && Number.isFinite(v) && v >= 0) return v;
  }
  const retryAfter = h.get("retry-after");
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const qpu = h.get("x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after");
  if (qpu !== undefined && Number.isFinite(Number(qpu))) return Math.max(0, Number(qpu)) * 1000;
  if (h.get("x-ms-user-quota-remaining") === "0") return parseDuration(h.get("x-ms-user-quota-resets-after"));
  return undefined;
}
