import { z } from "zod";

export const sandboxActivityName = "sandboxActivity";

export const sandboxActivityParams = z
  .object({
    /**
     * A resource group is a sandbox when it carries this tag with this value (case-insensitive);
     * every subscription under the sandbox management group is a sandbox as a whole.
     */
    resourceGroupTag: z.object({ name: z.string().min(1), value: z.string().min(1) }).strict().default({ name: "ailz-sandbox", value: "true" }),
  })
  .strict();

export const sandboxActivityExample = `
sandboxActivity:
  mode: enforce          # only bookkeeping: records last activity for the sandbox lifecycle
  params:
    resourceGroupTag: { name: ailz-sandbox, value: "true" }
`;
