import type { ContainerClient } from "@azure/storage-blob";
import type { ReportStore } from "../ports";
import type { ReportContent, ReportFormat } from "../records";

// Nightly reports as blobs: <container>/<date>/report.{json,md,html}, plus a `latest` blob naming
// the newest date. `latest` only moves forward (conditional on its ETag), so re-running an older
// night does not make it the latest again.

const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: "application/json",
  md: "text/markdown; charset=utf-8",
  html: "text/html; charset=utf-8",
};
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class BlobReportStore implements ReportStore {
  private ready: Promise<unknown> | undefined;

  constructor(private readonly container: ContainerClient) {}

  async put(date: string, content: ReportContent): Promise<void> {
    checkDate(date);
    await this.ensure();
    const bodies: Record<ReportFormat, string> = { json: JSON.stringify(content.json, null, 2), md: content.md, html: content.html };
    for (const format of Object.keys(bodies) as ReportFormat[]) {
      await this.container.getBlockBlobClient(`${date}/report.${format}`).upload(bodies[format], Buffer.byteLength(bodies[format]), {
        blobHTTPHeaders: { blobContentType: CONTENT_TYPES[format] },
      });
    }
    await this.advanceLatest(date);
  }

  async get(date: string, format: ReportFormat): Promise<string | undefined> {
    checkDate(date);
    return this.read(`${date}/report.${format}`);
  }

  async latestDate(): Promise<string | undefined> {
    return (await this.read("latest"))?.trim() || undefined;
  }

  async dates(): Promise<string[]> {
    await this.ensure();
    const out: string[] = [];
    for await (const item of this.container.listBlobsByHierarchy("/")) {
      if (item.kind === "prefix") out.push(item.name.replace(/\/$/, ""));
    }
    return out.filter((d) => DATE.test(d)).sort();
  }

  private async advanceLatest(date: string): Promise<void> {
    const blob = this.container.getBlockBlobClient("latest");
    for (;;) {
      let current: string | undefined;
      let etag: string | undefined;
      try {
        const r = await blob.download();
        etag = r.etag;
        current = (await streamToString(r.readableStreamBody)).trim();
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode !== 404) throw err;
      }
      if (current && current >= date) return;
      try {
        await blob.upload(date, date.length, {
          conditions: etag ? { ifMatch: etag } : { ifNoneMatch: "*" },
          blobHTTPHeaders: { blobContentType: "text/plain" },
        });
        return;
      } catch (err) {
        const s = (err as { statusCode?: number }).statusCode;
        if (s !== 412 && s !== 409) throw err;
      }
    }
  }

  private async read(name: string): Promise<string | undefined> {
    await this.ensure();
    try {
      return (await this.container.getBlockBlobClient(name).downloadToBuffer()).toString("utf8");
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return undefined;
      throw err;
    }
  }

  private ensure(): Promise<unknown> {
    this.ready ??= this.container.createIfNotExists();
    return this.ready;
  }
}

function checkDate(date: string): void {
  if (!DATE.test(date)) throw new RangeError(`report date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
}

async function streamToString(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  if (!stream) return "";
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks).toString("utf8");
}
