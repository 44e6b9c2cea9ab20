import { z } from "zod";

export const ScorecardDimension = z.enum(["gpuReadiness", "networking", "security", "automation", "shadowAi", "teamSkills"]);
export type ScorecardDimension = z.infer<typeof ScorecardDimension>;

export const ScorecardRow = z.object({
  dimension: ScorecardDimension,
  /** 1-5; null when the input is missing (team skills not entered). */
  score: z.number().int().min(1).max(5).nullable(),
  /** The measured share (0-1) or count the score came from. */
  value: z.number().nullable(),
  detail: z.string(),
  source: z.enum(["estate", "manual"]),
  calledOut: z.boolean(),
});
export type ScorecardRow = z.infer<typeof ScorecardRow>;
