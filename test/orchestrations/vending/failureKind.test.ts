import { RestError } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { failureOf, markedError } from "../../../orchestrations/vending/failureKind";
import { AzureError, toAzureError } from "../../../shared/azure/AzureError";

/** The kind the orchestrator reads back for what an SDK call threw, through the production conversion. */
const kindOf = (e: unknown) => failureOf(markedError(toAzureError(e))).kind;
const sdkError = (code: string, statusCode: number) => new RestError(`${code} happened`, { code, statusCode });

// The classification the vending orchestrator's retry loop reads back from an activity's error.

describe("vending failure kinds", () => {
  it.each([
    ["AuthorizationFailed", 403],
    ["LinkedAuthorizationFailed", 403],
    ["RequestDisallowedByPolicy", 403],
    ["InvalidTemplate", 400],
    ["InvalidParameter", 400],
    ["SomeOtherValidationCode", 400],
    ["ResourceNotFound", 404],
    ["ParentResourceNotFound", 404],
  ])("%s (%i) is permanent", (code, status) => {
    expect(kindOf(sdkError(code, status))).toBe("permanent");
  });

  it.each([
    ["TooManyRequests", 429],
    ["ServiceUnavailable", 503],
    ["InternalServerError", 500],
    ["GatewayTimeout", 504],
    ["RequestTimeout", 408],
    ["PrincipalNotFound", 400],
    ["SubscriptionNotFound", 404],
    ["AnotherOperationInProgress", 409],
  ])("%s (%i) is retryable", (code, status) => {
    expect(kindOf(sdkError(code, status))).toBe("retryable");
  });

  it("errors that are not Azure's (a dropped connection, a bug) stay retryable", () => {
    expect(kindOf(new Error("socket hang up"))).toBe("retryable");
    expect(kindOf("x")).toBe("retryable");
  });

  it("the mark survives the engine's wrapping of the activity's message; unmarked errors are retryable", () => {
    const marked = markedError(new AzureError("AuthorizationFailed", "The client 'a' … over scope 's'.", 403));
    expect(marked.message).toBe("[vending permanent AuthorizationFailed] The client 'a' … over scope 's'.");
    expect(failureOf(new Error(`Activity function 'vending_placeSubscription' failed: ${marked.message}`))).toEqual({ kind: "permanent", code: "AuthorizationFailed" });
    expect(failureOf(markedError(new AzureError("ServiceUnavailable", "busy", 503)))).toEqual({ kind: "retryable", code: "ServiceUnavailable" });
    expect(failureOf(new Error("InternalServerError: broke"))).toEqual({ kind: "retryable" });
  });
});
