/**
 * ailz's app roles, defined on its Entra app registration (infra/app/auth.bicep) and carried in
 * the `roles` claim of the token Easy Auth validates. Approver and Operator include Reader: a
 * person who may act on the estate may also read what they act on.
 */
export const APP_ROLES = {
  approver: "ailz.Approver",
  operator: "ailz.Operator",
  reader: "ailz.Reader",
} as const;

export type AppRole = (typeof APP_ROLES)[keyof typeof APP_ROLES];

const IMPLIES: Record<AppRole, readonly AppRole[]> = {
  "ailz.Approver": ["ailz.Approver", "ailz.Reader"],
  "ailz.Operator": ["ailz.Operator", "ailz.Reader"],
  "ailz.Reader": ["ailz.Reader"],
};

/** Whether a principal holding `roles` has `needed` (directly or through a role that includes it). */
export function hasRole(roles: readonly string[], needed: AppRole): boolean {
  return roles.some((r) => (IMPLIES[r as AppRole] ?? []).includes(needed));
}
