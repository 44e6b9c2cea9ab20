import { APP_ROLES, type AppRole } from "../../functions/auth/appRoles";
import { makeToken } from "../arm/tokens";
import { LOCAL_APP_AUDIENCE } from "../host/easyAuth";
import { PIPELINE, USERS, user } from "./demoIds";

/**
 * Who holds which ailz app role in the demo tenant (in Azure: app role assignments on the
 * enterprise application, infra/README.md). Pat (platform.lead) approves; Noor (netops) runs
 * sweeps; every other person reads. The pipeline holds no role: it may only submit vending requests.
 */
const ASSIGNMENTS: Record<string, AppRole[]> = {
  "platform.lead": [APP_ROLES.approver],
  netops: [APP_ROLES.operator],
};

/** The app roles a demo person holds. */
export const demoAppRolesOf = (key: string): AppRole[] => ASSIGNMENTS[key] ?? (USERS[key] ? [APP_ROLES.reader] : []);

/** The claims of a token for ailz's app (Easy Auth's audience) carrying a demo person's roles, or the pipeline's. */
export function demoAppClaims(key: string): Record<string, unknown> & { oid: string } {
  if (key === "pipeline") return { oid: PIPELINE.objectId, appid: PIPELINE.appId, idtyp: "app", name: PIPELINE.name, aud: LOCAL_APP_AUDIENCE, roles: [] };
  const u = user(key);
  return { oid: u.objectId, upn: u.upn, preferred_username: u.upn, name: u.displayName, idtyp: "user", aud: LOCAL_APP_AUDIENCE, roles: demoAppRolesOf(key) };
}

/** A bearer token for ailz's HTTP API that the local host's Easy Auth accepts. */
export const appToken = (claims: Record<string, unknown> & { oid: string }): string => makeToken({ ...claims, aud: LOCAL_APP_AUDIENCE });
