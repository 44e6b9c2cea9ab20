import { build } from "esbuild";
import { promises as fs } from "node:fs";
import path from "node:path";

/** The console's front-end entry (browser TypeScript, type-checked by console/tsconfig.json). */
const ENTRY = path.join(__dirname, "src", "main.ts");

/**
 * Bundles the console's front end (TypeScript + Chart.js) into `<outDir>/console.js`, one
 * minified browser script with no imports, so the console function serves it as a file under
 * its own CSP (`script-src 'self'`). scripts/build.ts puts it in the deployed package; the
 * local world builds it at start-up.
 */
export async function buildConsoleAssets(outDir: string): Promise<{ file: string; bytes: number }> {
  await fs.mkdir(outDir, { recursive: true });
  const file = path.join(outDir, "console.js");
  await build({ entryPoints: [ENTRY], outfile: file, bundle: true, minify: true, format: "iife", target: "es2020", platform: "browser", legalComments: "none", logLevel: "silent" });
  return { file, bytes: (await fs.stat(file)).size };
}
