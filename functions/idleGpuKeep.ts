import type { HttpRequest } from "@azure/functions";
import { z } from "zod";
import { idleGpuComputeName } from "../shared/guardrails/idleGpuCompute/params";
import { requireOwnerOrApprover } from "./auth/authorize";
import { protectedRoute } from "./auth/httpRoute";
import { getPolicy, getStores } from "./deps";
import { ownerOf } from "./ownerOf";
import { HttpError } from "./http/HttpError";
import { jsonReply } from "./http/jsonReply";
import { readJsonBody } from "./http/readJsonBody";

const DAY = 86_400_000;
const KeepBody = z
  .object({
    resourceId: z.string().trim().regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/virtualMachines\/[^/]+$/i, "must be a virtual machine id"),
    /** Last day (UTC, inclusive) it keeps running. */
    until: z.iso.date(),
    reason: z.string().trim().min(1, "is required").max(1000, "at most 1000 characters"),
  })
  .strict();

/**
 * `POST /api/idle-gpu-compute/keep {resourceId, until, reason}`: the owner's answer to an idle GPU
 * VM's notice, "keep running until <date>". Allowed while the VM has an open idleRunning finding,
 * to the VM's owner tag (else its subscription's) or an Approver, for at most `maxKeepDays`. The
 * answer is an exemption of idleGpuCompute on the VM until that day: the engine's exemption step
 * holds the deallocation, the finding stays visible as exempted, and the exemption expires by
 * itself. Audited with the validated caller.
 */
protectedRoute("idleGpuKeep", {
  route: "idle-gpu-compute/keep",
  methods: ["POST"],
  access: "owner",
  handler: async (request: HttpRequest, _context, principal) => {
    const body = KeepBody.parse(await readJsonBody(request));
    const stores = getStores();
    const finding = await stores.findings.get({ guardrail: idleGpuComputeName, resourceId: body.resourceId, rule: "idleRunning" });
    if (!finding || finding.status !== "open") throw new HttpError(404, "NotFound", `resourceId: no open idle GPU notice on ${body.resourceId}`, "resourceId");
    const sub = /^\/subscriptions\/[^/]+/i.exec(body.resourceId)![0];
    requireOwnerOrApprover(principal, (await ownerOf(body.resourceId)) ?? (await ownerOf(sub)), `virtual machine ${body.resourceId}`);
    const now = new Date();
    const expiresAt = new Date(`${body.until}T23:59:59.999Z`);
    const maxDays = getPolicy().guardrails.idleGpuCompute.params.maxKeepDays;
    if (expiresAt.getTime() <= now.getTime()) throw new HttpError(400, "InvalidRequest", "until: must be today or later", "until");
    if (expiresAt.getTime() - now.getTime() > (maxDays + 1) * DAY) throw new HttpError(400, "InvalidRequest", `until: at most ${maxDays} days from today`, "until");
    const by = principal.name;
    const record = await stores.exemptions.create({
      id: crypto.randomUUID(),
      scope: body.resourceId,
      guardrail: idleGpuComputeName,
      expiresAt: expiresAt.toISOString(),
      justification: `keep running until ${body.until}: ${body.reason}`,
      ref: "keep-running",
      createdBy: by,
      createdAt: now.toISOString(),
    });
    await stores.audit.append({ actor: by, action: "idleGpuCompute.keep", guardrail: idleGpuComputeName, resourceId: body.resourceId, reason: record.justification, outcome: "succeeded", after: record });
    return jsonReply(201, { resourceId: body.resourceId, until: body.until, by, exemptionId: record.id }, { location: `/api/exemptions/${record.id}` });
  },
});
