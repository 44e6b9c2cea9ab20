/** A directory object an owner entry (object id or UPN) resolved to. */
export interface ResolvedPrincipal {
  objectId: string;
  type: "User" | "Group" | "ServicePrincipal";
  upn?: string;
  mail?: string;
  displayName?: string;
}

/** Entra ID lookups: owners must exist before a subscription is vended for them. */
export interface PrincipalDirectory {
  /** Resolves each entry (object id or UPN); entries that do not resolve are absent from the map. */
  resolve(entries: readonly string[]): Promise<Map<string, ResolvedPrincipal>>;
}
