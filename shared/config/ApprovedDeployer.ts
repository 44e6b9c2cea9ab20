import { z } from "zod";

/** An identity allowed to deploy AI resources: a pipeline's service principal or a managed identity. */
export const ApprovedDeployer = z
  .object({
    name: z.string().min(1),
    objectId: z.string().min(1).optional(),
    appId: z.string().min(1).optional(),
    kind: z.enum(["servicePrincipal", "managedIdentity", "user"]).default("servicePrincipal"),
  })
  .strict()
  .refine((d) => d.objectId !== undefined || d.appId !== undefined, { message: "needs objectId or appId" });
export type ApprovedDeployer = z.infer<typeof ApprovedDeployer>;
