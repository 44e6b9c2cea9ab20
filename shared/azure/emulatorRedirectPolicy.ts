import type { PipelinePolicy } from "@azure/core-rest-pipeline";

/**
 * Local mode only. The SDKs address https://management.azure.com and their bearer-token policy
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

/**
 * Local mode only, added ahead of the bearer-token policy: nextLinks and LRO polling URLs that the
 * emulator returns point at its own http origin; map them back to the ARM origin so the
 * bearer-token policy accepts them, then emulatorRedirectPolicy sends them to the emulator.
 */
export function emulatorLinkPolicy(armEndpoint: string, emulatorEndpoint: string): PipelinePolicy {
  const from = trimSlash(emulatorEndpoint).toLowerCase();
  const to = trimSlash(armEndpoint);
  return {
    name: "ailzEmulatorLinkPolicy",
    async sendRequest(request, next) {
      if (request.url.toLowerCase().startsWith(from)) request.url = to + request.url.slice(from.length);
      return next(request);
    },
  };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
