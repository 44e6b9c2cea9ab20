import type { AzureClientOverrides } from "../../shared/azure/AzureClientOverrides";
import { loadAzureConfig, tenantIdOf, type AzureConfig } from "../../shared/azure/azureConfig";
import { emulatorLinkPolicy } from "./emulatorLinkPolicy";
import { emulatorMetricsRedirectPolicy } from "./emulatorMetricsRedirectPolicy";
import { emulatorRedirectPolicy } from "./emulatorRedirectPolicy";
import { StaticTokenCredential } from "./StaticTokenCredential";

export interface LocalAzureOverridesOptions {
  /** Whose identity the minted token carries, and the ARM origin the SDKs address; default process.env's. */
  config?: AzureConfig;
  /** A bearer token to present instead of the one minted for the control plane (AILZ_LOCAL_TOKEN). */
  token?: string;
}

/** How the real SDK clients reach the ARM emulator at `emulatorUrl`, as the control plane. */
export function localAzureOverrides(emulatorUrl: string, options: LocalAzureOverridesOptions = {}): AzureClientOverrides {
  const config = options.config ?? loadAzureConfig();
  const arm = config.AILZ_ARM_AUDIENCE_ENDPOINT;
  const credential = options.token
    ? StaticTokenCredential.fromToken(options.token)
    : StaticTokenCredential.forIdentity({
        oid: config.AILZ_IDENTITY_OBJECT_ID,
        tid: tenantIdOf(config),
        appid: config.AZURE_CLIENT_ID ?? config.AILZ_IDENTITY_OBJECT_ID,
        idtyp: "app",
        name: "ailz-control-plane",
      });
  return {
    credential,
    additionalPolicies: [
      // Per retry and before signing: a retried nextLink must be https again when the bearer policy sees it.
      { policy: emulatorLinkPolicy(arm, emulatorUrl), placement: { beforePolicies: ["bearerTokenAuthenticationPolicy"] } },
      { policy: emulatorRedirectPolicy(arm, emulatorUrl), placement: { afterPhase: "Sign" } },
      { policy: emulatorMetricsRedirectPolicy(emulatorUrl), placement: { afterPhase: "Sign" } },
    ],
  };
}
