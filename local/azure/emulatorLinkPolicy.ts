import type { PipelinePolicy } from "@azure/core-rest-pipeline";

/**
 * Added ahead of the bearer-token policy: nextLinks and LRO polling URLs that the
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
