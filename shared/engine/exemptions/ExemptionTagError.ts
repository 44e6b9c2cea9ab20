/** An `ailz-exempt` tag that cannot be read; `problems` names each bad part. */
export class ExemptionTagError extends Error {
  override readonly name = "ExemptionTagError";
  constructor(
    readonly value: string,
    readonly problems: string[],
  ) {
    super(`invalid ailz-exempt tag "${value}": ${problems.join("; ")} (expected <guardrail>[,...];until=YYYY-MM-DD;ref=<ticket>)`);
  }
}
