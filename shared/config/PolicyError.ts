/** One problem in the policy file, located in the YAML source. */
export interface PolicyIssue {
  line: number;
  col: number;
  /** Dotted field path, e.g. `guardrails.shadowAi.mode` or `notifications.channels[0].url`. */
  path: string;
  message: string;
}

/** A policy file that cannot be used; the message lists every issue as `file:line:col path: message`. */
export class PolicyError extends Error {
  override readonly name = "PolicyError";
  constructor(
    readonly file: string,
    readonly issues: PolicyIssue[],
  ) {
    super(
      `invalid policy ${file}:\n` +
        issues.map((i) => `${file}:${i.line}:${i.col} ${i.path ? `${i.path}: ` : ""}${i.message}`).join("\n"),
    );
  }
}
