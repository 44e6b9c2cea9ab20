/** A decision in a preview's diff, with the names a person reads. */
export interface PreviewItem {
  guardrail: string;
  rule: string;
  resourceId: string;
  resourceName: string;
  subscriptionId: string;
  subscriptionName: string;
  severity?: string;
  reason: string;
  action?: string;
  /** Month-to-date run rate of what the action removes (deleted resource group, decommissioned subscription). */
  monthlySavings?: number;
}
