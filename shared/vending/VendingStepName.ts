import { z } from "zod";

/** The orchestration's steps in runbook order; a retry resumes from the first not `succeeded`. */
export const VendingStepName = z.enum(["approval", "subscription", "placement", "providers", "rbac", "budget", "network", "quota", "eventGrid", "record"]);
export type VendingStepName = z.infer<typeof VendingStepName>;
