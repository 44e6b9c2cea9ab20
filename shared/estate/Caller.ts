import { z } from "zod";

const CallerKind = z.enum(["user", "app", "managedIdentity"]);
type CallerKind = z.infer<typeof CallerKind>;

/** Who made a change: from an event's claims or a resource's systemData. */
export const Caller = z.object({
  objectId: z.string().min(1),
  appId: z.string().min(1).optional(),
  kind: CallerKind,
  upn: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  tenantId: z.string().min(1).optional(),
});
export type Caller = z.infer<typeof Caller>;
