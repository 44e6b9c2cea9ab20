import type { Caller } from "../estate/Caller";
import type { Policy } from "../config/Policy";
import type { ApprovedDeployer } from "../config/ApprovedDeployer";

const same = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** The approved deployer entry matching a caller by object id or app id, if any. */
export function approvedDeployerFor(caller: Caller | undefined, policy: Policy): ApprovedDeployer | undefined {
  if (!caller) return undefined;
  return policy.approvedDeployers.find(
    (d) => same(d.objectId, caller.objectId) || same(d.appId, caller.appId) || same(d.appId, caller.objectId),
  );
}
