import { z } from "zod";

export const scorecardName = "scorecard";

const ascending = (xs: number[]) => xs.every((x, i) => i === 0 || x >= xs[i - 1]!);

export const scorecardParams = z
  .object({
    /**
     * Share thresholds for ratings 2..5: a share >= bands[0] rates 2, >= bands[3] rates 5,
     * below bands[0] rates 1.
     */
    shareBands: z.array(z.number().min(0).max(1)).length(4).refine(ascending, "must be ascending").default([0.25, 0.5, 0.7, 0.9]),
    /** Shadow AI counts for ratings 5..2: count <= bands[0] rates 5, above bands[3] rates 1. */
    shadowBands: z.array(z.number().int().nonnegative()).length(4).refine(ascending, "must be ascending").default([0, 2, 5, 10]),
    /** Regions where GPU quota should be ready; defaults to the corp archetype's allowed regions. */
    gpuRegions: z.array(z.string()).default([]),
    /** Ratings below this are called out. */
    callOutBelow: z.number().int().min(1).max(5).default(3),
  })
  .strict();

export const scorecardExample = `
scorecard:
  mode: dryRun           # report only
  params:
    shareBands: [0.25, 0.5, 0.7, 0.9]
    shadowBands: [0, 2, 5, 10]
    gpuRegions: [eastus2, swedencentral]
`;
