import type { Router } from "../types";

// Status and result endpoints of the long-running operations the emulator started
// (Emulator.asyncOperation): Azure-AsyncOperation -> status body, Location -> result.

export function register(router: Router): void {
  router.add("GET", "/subscriptions/{subscriptionId}/providers/{namespace}/locations/{location}/operations/{operationId}", (req, emu) => {
    const op = emu.operations.get(req.params.operationId!);
    if (!op) return emu.armError(404, "OperationNotFound", `The operation '${req.params.operationId}' was not found.`);
    return { status: 200, body: { name: op.name, status: op.status, startTime: op.startTime, endTime: op.endTime, ...(op.error ? { error: op.error } : {}) } };
  }, { kind: "read", rbacAction: (req) => `${req.params.namespace}/locations/operations/read`, operation: "operations.get" });

  router.add("GET", "/subscriptions/{subscriptionId}/providers/{namespace}/locations/{location}/operationResults/{operationId}", (req, emu) => {
    const op = emu.operations.get(req.params.operationId!);
    if (!op) return emu.armError(404, "OperationNotFound", `The operation '${req.params.operationId}' was not found.`);
    if (op.status === "InProgress") return { status: 202, headers: { location: `${emu.baseUrlFor(req)}${req.path}?${req.query.toString()}`, "retry-after": "1" } };
    return { status: 200 };
  }, { kind: "read", rbacAction: (req) => `${req.params.namespace}/locations/operationResults/read`, operation: "operations.result" });
}
