import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { asciiJson } from "./asciiJson";

// Azurite reads a request body as a list of socket chunks and joins them as strings, so a UTF-8
// sequence that straddles a chunk boundary (the first at 64 KiB into the request, later ones
// wherever the socket reads end) turns into U+FFFD: multi-byte text in any entity over ~64 KiB is
// corrupted, whatever the property sizes. An all-ASCII body has no sequence to straddle. Azure
// parses the escapes as the same characters, so this runs against every endpoint: one behaviour,
// and the size accounting in entitySize holds for both.

export const asciiJsonBodyPolicyName = "ailzAsciiJsonBody";

/** Rewrites JSON (and JSON-in-multipart batch) request bodies with asciiJson. */
export function asciiJsonBodyPolicy(): PipelinePolicy {
  return {
    name: asciiJsonBodyPolicyName,
    sendRequest(request, next) {
      const type = request.headers.get("content-type") ?? "";
      if (typeof request.body === "string" && /json|multipart\/mixed/i.test(type)) request.body = asciiJson(request.body);
      return next(request);
    },
  };
}
