import type { PipelinePolicy } from "@azure/core-rest-pipeline";

const REGIONAL_METRICS = /^https:\/\/([a-z0-9-]+)\.metrics\.monitor\.azure\.com(?=\/|$)/i;

/**
 * The metrics client addresses Azure Monitor's regional data-plane host
 * (`https://{region}.metrics.monitor.azure.com`), not ARM: after signing, this policy sends those
 * requests to the emulator like the ARM redirect, and carries the region the client dialled in
 * `x-ailz-metrics-region` so the emulator can hold a batch to Azure's one-region rule.
 */
export function emulatorMetricsRedirectPolicy(emulatorEndpoint: string): PipelinePolicy {
  const to = emulatorEndpoint.replace(/\/+$/, "");
  return {
    name: "ailzEmulatorMetricsRedirectPolicy",
    async sendRequest(request, next) {
      const m = REGIONAL_METRICS.exec(request.url);
      if (m) {
        request.headers.set("x-ailz-metrics-region", m[1]!.toLowerCase());
        request.url = to + request.url.slice(m[0].length);
        request.allowInsecureConnection = true;
      }
      return next(request);
    },
  };
}
