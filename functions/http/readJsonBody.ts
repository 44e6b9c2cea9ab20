import type { HttpRequest } from "@azure/functions";
import { HttpError } from "./HttpError";

/** The largest JSON body a route takes unless it says otherwise: every body ailz accepts is a small form. */
const MAX_BODY_BYTES = 64 * 1024;

/** The request body as JSON, or a 4xx naming `body` (empty, malformed, or over the size limit, which the message gives). */
export async function readJsonBody(request: HttpRequest, options: { optional?: boolean; maxBytes?: number } = {}): Promise<unknown> {
  const max = options.maxBytes ?? MAX_BODY_BYTES;
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > max) throw new HttpError(413, "TooLarge", `body: at most ${max} bytes (got ${declared})`, "body");
  const text = await request.text();
  const bytes = Buffer.byteLength(text);
  if (bytes > max) throw new HttpError(413, "TooLarge", `body: at most ${max} bytes (got ${bytes})`, "body");
  if (text.trim() === "") {
    if (options.optional) return {};
    throw new HttpError(400, "InvalidRequest", "body: a JSON body is required", "body");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new HttpError(400, "InvalidRequest", `body: malformed JSON (${(e as Error).message})`, "body");
  }
}
