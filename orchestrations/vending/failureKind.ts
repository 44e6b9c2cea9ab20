import { AzureError } from "../../shared/azure/AzureError";

// Whether retrying a failed vending step can help, decided from the error Azure gave and carried
// in the activity's error message, so that the orchestrator decides from its recorded history
// (deterministic on replay), never from the clock or chance. Permanent: the caller lacks a role,
// the request is invalid, or what a create path needs does not exist; retrying those only burns
// the retry budget before compensation. Everything else (429, 5xx, timeouts, RBAC propagation,
// errors that are not Azure's) is retryable, as before.

export type FailureKind = "permanent" | "retryable";

const PERMANENT_CODES = new Set([
  "AuthorizationFailed",
  "LinkedAuthorizationFailed",
  "RequestDisallowedByPolicy",
  "InvalidTemplate",
  "InvalidTemplateDeployment",
  "InvalidRequestContent",
  "InvalidRequestFormat",
  "InvalidParameter",
  "InvalidResourceName",
  "MissingRequiredParameter",
  // Every vending step creates or changes what the earlier steps made: absent is not transient.
  "ResourceNotFound",
  "ResourceGroupNotFound",
  "ParentResourceNotFound",
]);

/** The kind of an error an activity threw (before it leaves the activity). */
function failureKindOf(e: unknown): FailureKind {
  if (!(e instanceof AzureError) || e.retryable) return "retryable";
  return PERMANENT_CODES.has(e.code) || e.status === 400 ? "permanent" : "retryable";
}

const MARK = /\[vending (permanent|retryable) ([A-Za-z0-9._-]+)\]/;

/** The activity's error, its message marked with its kind and code for the orchestrator. */
export function markedError(e: unknown): Error {
  const code = e instanceof AzureError ? e.code : e instanceof Error && e.name !== "Error" ? e.name : "VendingStepFailed";
  const message = e instanceof Error ? e.message : String(e);
  return new Error(`[vending ${failureKindOf(e)} ${code}] ${message}`);
}

/** What the orchestrator sees of a failed activity: its kind and code from the message (unmarked: retryable). */
export function failureOf(e: unknown): { kind: FailureKind; code?: string } {
  const m = MARK.exec(e instanceof Error ? e.message : String(e));
  return m ? { kind: m[1] as FailureKind, code: m[2] } : { kind: "retryable" };
}
