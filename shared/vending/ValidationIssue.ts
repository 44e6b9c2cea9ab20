/** One failing field of a vending request: its dotted path and why. */
export interface ValidationIssue {
  field: string;
  message: string;
}
