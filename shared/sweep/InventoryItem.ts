import { z } from "zod";

/** One AI resource in the shadow AI inventory: governed or shadow, with the rules that fired. */
export const InventoryItem = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  subscriptionId: z.string(),
  archetype: z.string(),
  status: z.enum(["governed", "shadow"]),
  rules: z.array(z.string()),
});
export type InventoryItem = z.infer<typeof InventoryItem>;
