import type { HttpRequest } from "@azure/functions";
import { HttpError } from "./HttpError";

/** The request body as JSON, or a 400 naming `body`. */
export async function readJsonBody(request: HttpRequest, options: { optional?: boolean } = {}): Promise<unknown> {
  const text = await request.text();
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
