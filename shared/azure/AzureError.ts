import { isRestError } from "@azure/core-rest-pipeline";

/**
 * A failed Azure call with Azure's own error code (e.g. `PrincipalNotFound`, `QuotaExceeded`),
 * its message and the HTTP status. `retryable` says whether trying again later can succeed
 * (throttling, transient 5xx, RBAC propagation); callers such as durable activities use it to
 * decide between a retry with backoff and a permanent failure.
 */
export class AzureError extends Error {
  override readonly name = "AzureError";
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly retryable: boolean = isTransientStatus(status),
    readonly requestId?: string,
  ) {
    super(message);
  }
}

/** Codes that Azure returns while a just-created principal or assignment propagates. */
const propagationCodes = new Set([
  "PrincipalNotFound",
  "RoleAssignmentScopeNotAssignableToRoleDefinition",
  "SubscriptionNotFound",
]);

function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

export function isAzureError(e: unknown): e is AzureError {
  return e instanceof AzureError;
}

/** Errors with these codes are retryable even though their status is 4xx. */
function isPropagationCode(code: string): boolean {
  return propagationCodes.has(code);
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown };
  code?: unknown;
  message?: unknown;
}

function readBody(e: { details?: unknown; response?: { bodyAsText?: string | null } }): ErrorBody | undefined {
  const details = e.details as ErrorBody | undefined;
  if (details && typeof details === "object" && (details.error || details.code)) return details;
  const text = e.response?.bodyAsText;
  if (!text) return undefined;
  try {
    return JSON.parse(text) as ErrorBody;
  } catch {
    return undefined;
  }
}

/** Turns whatever an SDK client threw into an AzureError carrying Azure's code; anything else passes through. */
export function toAzureError(e: unknown): unknown {
  if (e instanceof AzureError) return e;
  if (!isRestError(e)) return e;
  const body = readBody(e as never);
  const inner = body?.error ?? body;
  const code =
    (typeof inner?.code === "string" && inner.code) ||
    (typeof e.code === "string" && e.code) ||
    (e.statusCode ? `Http${e.statusCode}` : "RequestFailed");
  const message = (typeof inner?.message === "string" && inner.message) || e.message;
  const status = e.statusCode ?? 0;
  const requestId = e.response?.headers.get("x-ms-request-id") ?? undefined;
  const retryable = isTransientStatus(status) || isPropagationCode(code) || status === 0;
  return new AzureError(code, message, status, retryable, requestId);
}

/** Runs an SDK call and rethrows its failure as an AzureError. */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toAzureError(e);
  }
}

/** Wraps a paged SDK iterator so that a failure on any page surfaces as an AzureError. */
export async function* paged<T>(iterable: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    for await (const item of iterable) yield item;
  } catch (e) {
    throw toAzureError(e);
  }
}

/** Get-or-undefined: a 404 (ResourceNotFound, NotFound...) becomes undefined. */
export async function getOrUndefined<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call(fn);
  } catch (e) {
    if (e instanceof AzureError && e.status === 404) return undefined;
    throw e;
  }
}
