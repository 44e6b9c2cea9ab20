import { z } from "zod";

export const requiredTagsName = "requiredTags";

export const requiredTagsParams = z
  .object({
    /** Tag names filled from the caller in enforce mode (`owner` only from a user caller). */
    ownerTag: z.string().default("owner"),
    createdByTag: z.string().default("created-by"),
    /** Lower-case resource types never checked (deployments and the like carry no tags). */
    excludeResourceTypes: z.array(z.string().toLowerCase()).default(["microsoft.resources/deployments"]),
  })
  .strict();

export const requiredTagsExample = `
requiredTags:
  mode: enforce          # adds owner / created-by from the caller; never rewrites a tag
  params:
    excludeResourceTypes: [microsoft.resources/deployments]
`;
