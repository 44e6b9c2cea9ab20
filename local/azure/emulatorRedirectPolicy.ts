import type { PipelinePolicy } from "@azure/core-rest-pipeline";

/**
 * The SDKs address https://management.azure.com and their bearer-token policy
 * refuses plain http, so requests keep the https URL through signing and this policy (added
 * "perRetry", i.e. after Sign) rewrites the origin to the emulator and allows the insecure hop:
 * the way the Azure SDK test recorder redirects.
 */
export function emulatorRedirectPolicy(armEndpoint: string, emulatorEndpoint: string): PipelinePolicy {
  const from = trimSlash(armEndpoint).toLowerCase();
  const to = trimSlash(emulatorEndpoint);
  return {
    name: "ailzEmulatorRedirectPolicy",
    async sendRequest(request, next) {
      if (request.url.toLowerCase().startsWith(from)) {
        request.url = to + request.url.slice(from.length);
      }
      if (request.url.toLowerCase().startsWith(to.toLowerCase())) request.allowInsecureConnection = true;
      return next(request);
    },
  };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
