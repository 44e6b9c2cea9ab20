import { z } from "zod";
import { Archetype } from "../../estate/Archetype";

export const shadowAiName = "shadowAi";

export const shadowAiParams = z
  .object({
    cognitiveServicesKinds: z.array(z.string()).default(["OpenAI", "AIServices", "CognitiveServices"]),
    /** Subscriptions in these archetypes count as inside the approved management groups. */
    approvedArchetypes: z.array(Archetype).default(["corp", "online", "sandbox"]),
    /** Further management groups (names) AI resources may live under. */
    approvedManagementGroups: z.array(z.string()).default([]),
    checkRequiredTags: z.boolean().default(true),
    /** In enforce mode, hand-made GPU VMs in these archetypes are deallocated. */
    deallocateGpuVmsIn: z.array(Archetype).default(["corp", "online"]),
  })
  .strict();

export const shadowAiExample = `
shadowAi:
  mode: enforce          # deallocate hand-made GPU VMs in corp/online; everything else is flagged
  scope: { managementGroups: [alz] }
  params:
    approvedArchetypes: [corp, online, sandbox]
    deallocateGpuVmsIn: [corp, online]
`;
