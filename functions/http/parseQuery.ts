import type { HttpRequest } from "@azure/functions";
import type { z } from "zod";
import { HttpError } from "./HttpError";
import { zodMessage } from "./zodMessage";

/** The query string through a schema; a bad parameter is a 400 naming it. */
export function parseQuery<S extends z.ZodType>(request: HttpRequest, schema: S): z.infer<S> {
  const raw: Record<string, string> = {};
  request.query.forEach((v, k) => {
    // `code` is the function key (Azure's ?code=), consumed by the host's auth, not a parameter.
    if (k !== "code") raw[k] = v;
  });
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const { field, message } = zodMessage(r.error, "query");
  throw new HttpError(400, "InvalidRequest", message, field);
}
