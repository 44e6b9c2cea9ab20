import type { QuotaPeak, QuotaSample } from "./records";

/** Peak usage and the latest limit over a window of hourly samples. */
export function peakOf(samples: QuotaSample[]): QuotaPeak {
  const sorted = [...samples].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return {
    peakUsage: sorted.reduce((m, s) => Math.max(m, s.usage), 0),
    limit: sorted.at(-1)?.limit ?? 0,
    samples: sorted.length,
    firstSampleAt: sorted[0]?.at,
    lastSampleAt: sorted.at(-1)?.at,
  };
}
