/** An extension that the lifecycle refuses; `code` lets the API answer 409 with the reason. */
export class SandboxExtensionError extends Error {
  override readonly name = "SandboxExtensionError";
  constructor(
    readonly code: "maxExtensions" | "decommissioned" | "newCapRequired" | "newCapTooLow",
    message: string,
  ) {
    super(message);
  }
}
