/** What an executor did: for real, skipped (with why) or failed; with the state before and after. */
export interface ActionResult {
  outcome: "succeeded" | "skipped" | "failed";
  /** Why it was skipped or what failed; for a success, a short description. */
  note: string;
  before?: unknown;
  after?: unknown;
  /** True when the action was not needed (already in the target state). */
  noop?: boolean;
}
