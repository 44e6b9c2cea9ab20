/**
 * Whether App Service Authentication (Easy Auth) stands in front of the app. Only then is
 * `x-ms-client-principal` trustworthy: Easy Auth strips any copy a client sends and sets it from a
 * token it validated. App Service sets `WEBSITE_AUTH_ENABLED=True` when authsettingsV2 is enabled;
 * the local host sets it while it plays Easy Auth. `WEBSITE_INSTANCE_ID` / `WEBSITE_SITE_NAME`
 * are set only by the platform, so they tell Azure from a developer machine.
 */
export interface EasyAuthStatus {
  enabled: boolean;
  inAzure: boolean;
  /** Why role-protected routes are refused; undefined when they are served. */
  reason?: string;
}

export function easyAuthStatus(env: NodeJS.ProcessEnv = process.env): EasyAuthStatus {
  const enabled = /^true$/i.test(env.WEBSITE_AUTH_ENABLED ?? "");
  const inAzure = Boolean(env.WEBSITE_INSTANCE_ID || env.WEBSITE_SITE_NAME);
  if (enabled) return { enabled, inAzure };
  const where = inAzure ? `this app (${env.WEBSITE_SITE_NAME ?? "site"}) runs in Azure` : "this app runs outside Azure";
  return {
    enabled,
    inAzure,
    reason: `App Service Authentication is not enabled (WEBSITE_AUTH_ENABLED is not True) and ${where}, so no caller identity can be validated and x-ms-client-principal is whatever the caller sends; deploy infra/app/auth.bicep (authsettingsV2 with Microsoft Entra ID), or locally let the host play Easy Auth (the default)`,
  };
}
