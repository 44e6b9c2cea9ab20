import { z } from "zod";
import { EventFamilies } from "../azure/eventGrid/eventFamilyTopics";
import { WorkloadArchetype } from "../estate/Archetype";

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const Cidr = z.string().refine(
  (v) => {
    const m = CIDR.exec(v);
    return m !== null && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
  },
  { message: "expected an IPv4 CIDR like 10.100.0.0/16" },
);

const VendingArchetypeConfig = z
  .object({
    allowedRegions: z.array(z.string().min(1)).min(1),
    /** Largest monthly budget a request may ask for without being refused. */
    budgetCeiling: z.number().positive(),
    maxSandboxLifetimeDays: z.number().int().positive().optional(),
    /** Built-in role name the owners get on the subscription. */
    ownerRole: z.string().default("Contributor"),
    /** Resource providers registered on the new subscription. */
    providers: z.array(z.string().min(1)).default([]),
  })
  .strict();
type VendingArchetypeConfig = z.infer<typeof VendingArchetypeConfig>;

const IpamPool = z
  .object({ name: z.string().min(1), cidr: Cidr, archetypes: z.array(WorkloadArchetype).min(1) })
  .strict();
type IpamPool = z.infer<typeof IpamPool>;

export const VendingConfig = z
  .object({
    billingScope: z.string().min(1),
    workloadByEnvironment: z
      .object({
        dev: z.enum(["Production", "DevTest"]).default("DevTest"),
        test: z.enum(["Production", "DevTest"]).default("DevTest"),
        prod: z.enum(["Production", "DevTest"]).default("Production"),
      })
      .strict()
      .prefault({}),
    archetypes: z.object({ corp: VendingArchetypeConfig, online: VendingArchetypeConfig, sandbox: VendingArchetypeConfig }).strict(),
    network: z
      .object({
        hubVnetId: z.string().min(1),
        ddosPlanId: z.string().min(1).optional(),
        ipamPools: z.array(IpamPool).min(1),
        defaultSize: z.number().int().min(16).max(29).default(24),
      })
      .strict(),
    approval: z
      .object({
        requireForProd: z.boolean().default(true),
        gpuCoresOver: z.number().int().nonnegative().optional().describe("Requests asking for more GPU cores in total need approval."),
        budgetOver: z.number().nonnegative().optional().describe("Requests with a larger monthly budget need approval."),
        approvers: z.array(z.string().min(1)).default([]).describe("Object ids told when a request waits for approval (deciding needs the ailz.Approver app role)."),
        timeoutHours: z.number().positive().default(72),
      })
      .strict()
      .prefault({}),
    /** Which topic family a vended subscription's resource events come through (infra's `eventFamilies` for the platform's own). */
    eventFamilies: EventFamilies.default("resources"),
    aliasPollTimeoutMinutes: z.number().positive().default(60),
    aliasPollIntervalSeconds: z.number().positive().default(30),
  })
  .strict();
export type VendingConfig = z.infer<typeof VendingConfig>;
