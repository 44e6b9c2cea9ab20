import { peakOf } from "../../../shared/store/peakOf";
import type { QuotaSampleStore } from "../../../shared/store/ports";
import { QuotaSample } from "../../../shared/store/records";

const seriesOf = (s: string, r: string, f: string) => `${s}|${r}|${f}`.toLowerCase();
const hourOf = (instant: string) => new Date(instant).toISOString().slice(0, 13) + ":00:00.000Z";

export class MemoryQuotaSampleStore implements QuotaSampleStore {
  private readonly series = new Map<string, Map<string, QuotaSample>>();

  async record(input: QuotaSample) {
    const s = QuotaSample.parse(input);
    const key = seriesOf(s.subscriptionId, s.location, s.family);
    if (!this.series.has(key)) this.series.set(key, new Map());
    this.series.get(key)!.set(hourOf(s.at), { ...s, at: hourOf(s.at) });
  }
  async samples(subscriptionId: string, location: string, family: string, since: string) {
    const from = hourOf(since);
    return [...(this.series.get(seriesOf(subscriptionId, location, family))?.values() ?? [])]
      .filter((s) => s.at >= from)
      .sort((a, b) => a.at.localeCompare(b.at));
  }
  async peak(subscriptionId: string, location: string, family: string, since: string) {
    return peakOf(await this.samples(subscriptionId, location, family, since));
  }
}
