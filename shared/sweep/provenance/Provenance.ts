import { z } from "zod";
import { PrincipalType } from "../../estate/ResourceFacts";

/**
 * Who made and who last changed a resource, as ailz learned it: from the event path (the caller
 * of the write) or from one read of the resource's systemData (Resource Graph rows carry none).
 * `powerState` is the VM power state seen when it was recorded: a change re-reads systemData,
 * whose lastModifiedAt then dates the deallocation.
 */
export const Provenance = z.object({
  resourceId: z.string().min(1),
  subscriptionId: z.string().min(1).toLowerCase(),
  createdBy: z.string().optional(),
  createdByType: PrincipalType.optional(),
  createdAt: z.iso.datetime({ offset: true }).optional(),
  lastModifiedBy: z.string().optional(),
  lastModifiedByType: PrincipalType.optional(),
  lastModifiedAt: z.iso.datetime({ offset: true }).optional(),
  powerState: z.string().optional(),
  source: z.enum(["event", "systemData"]),
  recordedAt: z.iso.datetime({ offset: true }),
});
export type Provenance = z.infer<typeof Provenance>;
