import { z } from "zod";
import { Archetype } from "../../estate/Archetype";

export const privateLinkCoverageName = "privateLinkCoverage";

/** The data services AI workloads use, beside the AI accounts themselves (aiHardening covers those). */
export const DATA_SERVICE_TYPES = [
  "microsoft.storage/storageaccounts",
  "microsoft.containerregistry/registries",
  "microsoft.keyvault/vaults",
  "microsoft.documentdb/databaseaccounts",
  "microsoft.search/searchservices",
] as const;

export const privateLinkCoverageParams = z
  .object({
    /** Archetypes whose data services must be reached over Private Link only. */
    archetypes: z.array(Archetype).default(["corp"]),
    /** Resource types checked (lower-case ARM types, a subset of the data services the sweep reads). */
    types: z.array(z.enum(DATA_SERVICE_TYPES)).default([...DATA_SERVICE_TYPES]),
  })
  .strict();

export const privateLinkCoverageExample = `
privateLinkCoverage:
  mode: dryRun             # findings only: no automatic fix
  params:
    archetypes: [corp]
    types: [microsoft.storage/storageaccounts, microsoft.keyvault/vaults]
`;
