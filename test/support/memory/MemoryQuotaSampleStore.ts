import { peakOf } from "../../../shared/store/peakOf";
import type { QuotaSampleStore } from "../../../shared/store/ports";
import { QuotaSample } from "../../../shared/store/records";

const seriesOf = (s: string, r: string, f: string) => `${s}|${r}|${f}`.toLowerCase();
const hourOf = (instant: string) => new Date(instant).toISOString().slice(0, 13) + ":00:00.000Z";

export class MemoryQuotaSampleStore implements QuotaSampleStore {
  private readonly series = new Map<string, Map<string, QuotaSample>>();

  async record(input: QuotaSample) {
    const s = QuotaSample.parse(input);
    const key = seriesOf(s.subscriptionId, s.region, s.family);
    if (!this.series.has(key)) this.series.set(key, new Map());
    this.series.get(key)!.set(hourOf(s.hour), { ...s, hour: hourOf(s.hour) });
  }
  async samples(subscriptionId: string, region: string, family: string, since: string) {
    const from = hourOf(since);
    return [...(this.series.get(seriesOf(subscriptionId, region, family))?.values() ?? [])]
      .filter((s) => s.hour >= from)
      .sort((a, b) => a.hour.localeCompare(b.hour));
  }
  async peak(subscriptionId: string, region: string, family: string, since: string) {
    return peakOf(await this.samples(subscriptionId, region, family, since));
  }
}
