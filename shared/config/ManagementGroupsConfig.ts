import { z } from "zod";

const mg = z.string().min(1);

/** Management group names (the `name` in `/providers/Microsoft.Management/managementGroups/{name}`). */
export const ManagementGroupsConfig = z
  .object({
    root: mg.describe("The landing zone's root management group; the sweep covers what is under it."),
    archetypes: z
      .object({
        corp: mg,
        online: mg,
        sandbox: mg,
        decommissioned: mg,
        platform: z.array(mg).default([]).describe("Platform management groups (identity, management, connectivity or their parent)."),
      })
      .strict(),
  })
  .strict();
export type ManagementGroupsConfig = z.infer<typeof ManagementGroupsConfig>;
