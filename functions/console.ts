import fs from "node:fs";
import path from "node:path";
import type { HttpRequest } from "@azure/functions";
import { guardrailNames } from "../shared/engine/registry";
import { openRoute } from "./auth/httpRoute";
import { consoleHtml } from "./console/consoleHtml";
import { CONSOLE_CSS } from "./console/consoleCss";
import { securityHeaders } from "./console/securityHeaders";

/**
 * The built front end (console/buildConsoleAssets.ts): next to the deployed bundle in
 * `console-assets/`, or where the local world built it at start-up (AILZ_CONSOLE_ASSETS).
 */
const assetDir = () => process.env.AILZ_CONSOLE_ASSETS ?? path.join(__dirname, "console-assets");
let script: string | undefined;
const builtScript = () => (script ??= fs.readFileSync(path.join(assetDir(), "console.js"), "utf8"));

const ASSETS: Record<string, { type: string; body: string | (() => string) }> = {
  "console.js": { type: "text/javascript; charset=utf-8", body: builtScript },
  "console.css": { type: "text/css; charset=utf-8", body: CONSOLE_CSS },
};

/**
 * `GET /api/console`: the operator console. Anonymous because the page and its assets hold no
 * data; the page reads the key from its own `?code=` and calls the JSON APIs (authLevel function)
 * with it in `x-functions-key`, so every byte of data still needs the key.
 */
openRoute("console", {
  route: "console",
  methods: ["GET"],
  access: "anonymous",
  handler: async (request: HttpRequest) => ({
    status: 200,
    body: consoleHtml(Boolean(request.query.get("code")), guardrailNames()),
    headers: { ...securityHeaders, "content-type": "text/html; charset=utf-8" },
  }),
});

/** `GET /api/console/assets/{name}`: the console's script and stylesheet. */
openRoute("consoleAssets", {
  route: "console/assets/{name}",
  methods: ["GET"],
  access: "anonymous",
  handler: async (request: HttpRequest) => {
    const name = request.params.name ?? "";
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) {
      return { status: 404, jsonBody: { error: { code: "NotFound", message: `name: no console asset ${request.params.name}; there are ${Object.keys(ASSETS).join(", ")}` } }, headers: securityHeaders };
    }
    let body: string;
    try {
      body = typeof asset.body === "string" ? asset.body : asset.body();
    } catch {
      return { status: 503, jsonBody: { error: { code: "NotBuilt", message: `name: ${name} is not built (npm run build writes it to console-assets/)` } }, headers: securityHeaders };
    }
    return { status: 200, body, headers: { ...securityHeaders, "content-type": asset.type } };
  },
});
