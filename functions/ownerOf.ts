import { getAzureActions, getPolicy } from "./deps";

/**
 * The owner tag (policy `notifications.ownerTag`, any case) of a subscription or resource group,
 * read from Azure now. Unreadable tags count as no owner: only an Approver may then act, so a
 * failed read can never widen who may.
 */
export async function ownerOf(scope: string): Promise<string | undefined> {
  const tag = getPolicy().notifications.ownerTag.toLowerCase();
  const tags = await getAzureActions().getTags(scope).catch((): Record<string, string> => ({}));
  return Object.entries(tags ?? {}).find(([k]) => k.toLowerCase() === tag)?.[1];
}
