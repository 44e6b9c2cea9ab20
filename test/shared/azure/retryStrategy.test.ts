import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { azureRetryStrategy } from "../../../shared/azure/azureRetryStrategy";
import { parseDuration, retryAfterMs } from "../../../shared/azure/retryAfter";
import { toAzureError, AzureError } from "../../../shared/azure/AzureError";
import { RestError } from "@azure/core-rest-pipeline";

function response(status: number, headers: Record<string, string> = {}): PipelineResponse {
  return { status, headers: createHttpHeaders(headers), request: createPipelineRequest({ url: "https://management.azure.com/x" }) };
}

const strategy = azureRetryStrategy({ retryDelayInMs: 1000, maxRetryDelayInMs: 30_000 });

describe("retry headers", () => {
  it("reads every header Azure uses to ask for a wait", () => {
    expect(retryAfterMs(response(429, { "retry-after": "7" }))).toBe(7000);
    expect(retryAfterMs(response(429, { "x-ms-retry-after-ms": "250" }))).toBe(250);
    expect(retryAfterMs(response(429, { "x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after": "4" }))).toBe(4000);
    expect(retryAfterMs(response(429, { "x-ms-user-quota-remaining": "0", "x-ms-user-quota-resets-after": "00:00:03" }))).toBe(3000);
    expect(retryAfterMs(response(429, { "retry-after": new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString() }), Date.UTC(2030, 0, 1))).toBe(10_000);
    expect(retryAfterMs(response(429))).toBeUndefined();
    expect(parseDuration("01:02:03")).toBe(3_723_000);
  });
});

describe("azureRetryStrategy", () => {
  it("waits exactly as long as a throttled response asks (capped)", () => {
    expect(strategy.retry({ retryCount: 0, response: response(429, { "retry-after": "12" }) })).toEqual({ retryAfterInMs: 12_000 });
    expect(strategy.retry({ retryCount: 0, response: response(429, { "retry-after": "600" }) })).toEqual({ retryAfterInMs: 30_000 });
    expect(strategy.retry({ retryCount: 0, response: response(503, { "retry-after": "2" }) })).toEqual({ retryAfterInMs: 2000 });
  });

  it("backs off exponentially on transient failures without a header", () => {
    const first = strategy.retry({ retryCount: 0, response: response(500) }).retryAfterInMs!;
    const third = strategy.retry({ retryCount: 2, response: response(502) }).retryAfterInMs!;
    expect(first).toBeGreaterThanOrEqual(500);
    expect(first).toBeLessThanOrEqual(1000);
    expect(third).toBeGreaterThanOrEqual(2000);
    expect(third).toBeLessThanOrEqual(4000);
    expect(strategy.retry({ retryCount: 0, response: response(429) }).retryAfterInMs).toBeGreaterThan(0);
  });

  it("does not retry permanent errors", () => {
    for (const status of [400, 401, 403, 404, 409, 501]) {
      expect(strategy.retry({ retryCount: 0, response: response(status) })).toEqual({ skipStrategy: true });
    }
  });

  it("retries dropped connections, not other client errors", () => {
    const reset = new RestError("socket hang up", { code: "ECONNRESET" });
    expect(strategy.retry({ retryCount: 0, responseError: reset }).retryAfterInMs).toBeGreaterThan(0);
    const other = new RestError("bad", { code: "SOMETHING" });
    expect(strategy.retry({ retryCount: 0, responseError: other })).toEqual({ errorToThrow: other });
  });
});

describe("toAzureError", () => {
  it("takes Azure's code and message from the error body and classifies propagation errors as retryable", () => {
    const e = new RestError("raw", { statusCode: 400, response: { ...response(400), bodyAsText: JSON.stringify({ error: { code: "PrincipalNotFound", message: "Principal x does not exist" } }) } });
    const mapped = toAzureError(e) as AzureError;
    expect(mapped).toBeInstanceOf(AzureError);
    expect(mapped).toMatchObject({ code: "PrincipalNotFound", message: "Principal x does not exist", status: 400, retryable: true });
    const denied = toAzureError(new RestError("no", { statusCode: 403, response: { ...response(403), bodyAsText: '{"error":{"code":"AuthorizationFailed","message":"no"}}' } })) as AzureError;
    expect(denied).toMatchObject({ code: "AuthorizationFailed", retryable: false });
  });
});
