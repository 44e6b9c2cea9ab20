/**
 * SDK operations whose path is `/{scope}/providers/...` insert the scope verbatim, so a scope
 * written the usual way (`/subscriptions/...`) would produce `//subscriptions/...`. Adapters
 * accept either form and pass the scope without its leading slash.
 */
export function armScope(scope: string): string {
  const trimmed = scope.trim().replace(/^\/+/, "").replace(/\/+$/, "");
  if (!trimmed) throw new Error("scope must not be empty");
  return trimmed;
}
