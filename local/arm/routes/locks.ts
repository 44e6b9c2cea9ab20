import { normalizeId } from "../state/resourceIds";
import type { ArmResource } from "../state/schemas";
import type { Router } from "../types";
import { lockScope, requireObjectBody } from "./guards";
import { isWithin, resolveScope } from "./scopes";

// Management locks at any scope. Creating or deleting a lock is never blocked by locks
// (otherwise a lock could not be removed).

const LOCK = "{*scope}/providers/Microsoft.Authorization/locks/{lockName}";

export function register(router: Router): void {
  router.add("PUT", LOCK, (req, emu) => {
    const scope = req.params.scope!;
    resolveScope(emu, scope);
    const props = requireObjectBody(requireObjectBody(req.body).properties);
    if (props.level !== "CanNotDelete" && props.level !== "ReadOnly") return emu.armError(400, "InvalidLockLevel", "The lock level 'properties.level' must be CanNotDelete or ReadOnly.");
    const id = `${scope}/providers/Microsoft.Authorization/locks/${req.params.lockName}`;
    const existing = emu.state.locks.get(normalizeId(id));
    const lock: ArmResource = {
      id: existing?.id ?? id,
      type: "Microsoft.Authorization/locks",
      name: existing?.name ?? req.params.lockName!,
      properties: { level: props.level, ...(props.notes !== undefined ? { notes: props.notes } : {}), ...(props.owners ? { owners: props.owners } : {}) },
    };
    (lock as any).systemData = emu.systemData(req.caller, (existing as any)?.systemData);
    emu.state.locks.set(normalizeId(id), lock);
    return { status: existing ? 200 : 201, body: lock };
  }, { kind: "write", rbacAction: "Microsoft.Authorization/locks/write", operation: "locks.createOrUpdate" });

  router.add("GET", LOCK, (req, emu) => {
    const lock = emu.state.locks.get(normalizeId(req.path));
    if (!lock) return emu.armError(404, "LockNotFound", `The lock '${req.params.lockName}' could not be found.`);
    return { status: 200, body: lock };
  }, { kind: "read", rbacAction: "Microsoft.Authorization/locks/read", operation: "locks.get" });

  router.add("DELETE", LOCK, (req, emu) => {
    const existed = emu.state.locks.delete(normalizeId(req.path));
    return { status: existed ? 200 : 204 };
  }, { kind: "delete", rbacAction: "Microsoft.Authorization/locks/delete", operation: "locks.delete" });

  // Listing at a scope returns the locks that apply to it (at and above) and those below it.
  router.add("GET", "{*scope}/providers/Microsoft.Authorization/locks", (req, emu) => {
    const scope = req.params.scope!;
    resolveScope(emu, scope);
    const locks = [...emu.state.locks.values()].filter((l) => isWithin(scope, lockScope(l.id)) || isWithin(lockScope(l.id), scope));
    return { status: 200, body: emu.page(req, locks) };
  }, { kind: "read", rbacAction: "Microsoft.Authorization/locks/read", operation: "locks.list" });
}
