import type { ReportStore } from "../../../shared/store/ports";
import type { ReportContent, ReportFormat } from "../../../shared/store/records";

export class MemoryReportStore implements ReportStore {
  private readonly reports = new Map<string, Record<ReportFormat, string>>();

  async put(date: string, content: ReportContent) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`report date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
    this.reports.set(date, { json: JSON.stringify(content.json, null, 2), md: content.md, html: content.html });
  }
  async get(date: string, format: ReportFormat) {
    return this.reports.get(date)?.[format];
  }
  async latestDate() {
    return (await this.dates()).at(-1);
  }
  async dates() {
    return [...this.reports.keys()].sort();
  }
}
