import type { ResourceManagementClient } from "@azure/arm-resources";
import { call } from "../../azure/AzureError";
import { armScope } from "../../azure/armScope";

/**
 * The action group a budget's notifications go to (budgets reach webhooks only through action
 * groups' `contactGroups`): a webhook receiver for the ailz budget webhook, with the common
 * alert schema so `/api/budget-alerts` reads one shape.
 */
export async function upsertBudgetActionGroup(client: ResourceManagementClient, id: string, webhookUrl: string): Promise<string> {
  const res = await call(
    async () =>
      await client.resources.createOrUpdateById(armScope(id), "2023-01-01", {
        location: "global",
        properties: {
          groupShortName: "ailzbudget",
          enabled: true,
          webhookReceivers: [{ name: "ailz-budget-alerts", serviceUri: webhookUrl, useCommonAlertSchema: true }],
        },
      }),
  );
  return res.id ?? id;
}
