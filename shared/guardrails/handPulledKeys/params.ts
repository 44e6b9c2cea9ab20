import { z } from "zod";
import { Archetype } from "../../estate/Archetype";

export const handPulledKeysName = "handPulledKeys";

/** The ARM actions that hand out (or rotate) an AI service's keys, matched case-insensitively. */
export const KEY_ACTIONS = [
  "Microsoft.CognitiveServices/accounts/listKeys/action",
  "Microsoft.CognitiveServices/accounts/regenerateKey/action",
  "Microsoft.MachineLearningServices/workspaces/listKeys/action",
  "Microsoft.Search/searchServices/listAdminKeys/action",
  "Microsoft.Search/searchServices/regenerateAdminKey/action",
] as const;

export const handPulledKeysParams = z
  .object({
    /** Which callers are flagged: people only, or every caller that is not an approved deployer. */
    callers: z.enum(["people", "unapproved"]).default("people"),
    /** Archetypes where `enforce` turns key auth off on the account whose keys were pulled (Cognitive Services accounts). */
    disableLocalAuthIn: z.array(Archetype).default([]),
  })
  .strict();

export const handPulledKeysExample = `
handPulledKeys:
  mode: enforce            # keys pulled by a person in corp/online: key auth is turned off
  params:
    callers: people        # or "unapproved": any caller that is not an approved deployer
    disableLocalAuthIn: [corp, online]
`;
