import type { HttpRequest } from "@azure/functions";
import type { ReportFormat } from "../shared/store/records";
import { getStores } from "./deps";
import { APP_ROLES } from "./auth/appRoles";
import { protectedRoute } from "./auth/httpRoute";
import { HttpError } from "./http/HttpError";

const TYPES: Record<ReportFormat, string> = { json: "application/json; charset=utf-8", md: "text/markdown; charset=utf-8", html: "text/html; charset=utf-8" };

/** ?format=json|md|html, else from Accept (a browser gets the HTML page), else JSON. */
function formatOf(request: HttpRequest): ReportFormat {
  const f = request.query.get("format");
  if (f !== null) {
    if (f === "json" || f === "md" || f === "html") return f;
    throw new HttpError(400, "InvalidRequest", "format: must be json, md or html", "format");
  }
  return (request.headers.get("accept") ?? "").includes("text/html") ? "html" : "json";
}

async function reply(request: HttpRequest, date: string | undefined) {
  const format = formatOf(request);
  if (!date) throw new HttpError(404, "NotFound", "no report yet");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new HttpError(400, "InvalidRequest", "date: must be YYYY-MM-DD or latest", "date");
  let body: string | undefined;
  if (request.query.get("dryRun") === "true") {
    const doc = await getStores().catalog.get(`sweepDryRun-${date}`);
    const v = doc?.value as { json?: unknown; md?: string; html?: string } | undefined;
    body = v ? (format === "json" ? JSON.stringify(v.json) : v[format]) : undefined;
  } else body = await getStores().reports.get(date, format);
  if (body === undefined) throw new HttpError(404, "NotFound", `no report for ${date}`);
  return { status: 200, body, headers: { "content-type": TYPES[format] } };
}

/** `GET /api/reports/latest` and `GET /api/reports/{date}` (one route: `latest` is a date alias). */
protectedRoute("reports", {
  route: "reports/{date}",
  methods: ["GET"],
  access: APP_ROLES.reader,
  handler: async (request) => reply(request, request.params.date === "latest" ? await getStores().reports.latestDate() : request.params.date),
});
