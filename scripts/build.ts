import { build } from "esbuild";
import { promises as fs } from "node:fs";
import path from "node:path";

/**
 * Builds the deployable Functions package: one bundled `main.js` plus `host.json` and a trimmed
 * `package.json`. The output folder is the package root that azd zips (`dist:` in azure.yaml), so
 * Flex Consumption receives a few hundred kilobytes instead of the whole node_modules tree.
 */
export interface BuildOptions {
  /** Project root holding package.json, host.json and functions/index.ts. */
  root: string;
  /** Output folder; emptied first. */
  outDir: string;
  /** App entry, relative to root; defaults to functions/index.ts. */
  entry?: string;
}

export interface BuildResult {
  outDir: string;
  files: string[];
  bundleBytes: number;
}

// Files the Functions host reads from the package root besides the bundle. guardrails.yaml is
// the default policy file; it ships when the project has one.
const requiredAssets = ["host.json"];
const optionalAssets = ["guardrails.yaml"];

export async function buildPackage(opts: BuildOptions): Promise<BuildResult> {
  const root = path.resolve(opts.root);
  const outDir = path.resolve(opts.outDir);
  if (outDir === root) throw new Error("outDir must not be the project root");
  await fs.rm(outDir, { recursive: true, force: true });
  await fs.mkdir(outDir, { recursive: true });

  const result = await build({
    absWorkingDir: root,
    entryPoints: [path.resolve(root, opts.entry ?? path.join("functions", "index.ts"))],
    outfile: path.join(outDir, "main.js"),
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    // The Functions Node worker injects this module at run time; bundling a copy would break
    // registration (there is no such package on npm to bundle anyway).
    external: ["@azure/functions-core"],
    sourcemap: "linked",
    sourcesContent: false,
    minify: true,
    keepNames: true,
    legalComments: "external",
    metafile: true,
    logLevel: "warning",
  });

  const mainKey = Object.keys(result.metafile.outputs).find((k) => k.endsWith("main.js"));
  const bundleBytes = mainKey ? result.metafile.outputs[mainKey]!.bytes : (await fs.stat(path.join(outDir, "main.js"))).size;

  for (const asset of requiredAssets) {
    await fs.copyFile(path.join(root, asset), path.join(outDir, asset));
  }
  for (const asset of optionalAssets) {
    try {
      await fs.copyFile(path.join(root, asset), path.join(outDir, asset));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }

  const pkg = JSON.parse(await fs.readFile(path.join(root, "package.json"), "utf8")) as Record<string, unknown>;
  // Everything is inside main.js, so the deployed package declares no dependencies: the host
  // must not try to install anything, and dev tooling never reaches production.
  const trimmed = {
    name: pkg.name,
    version: pkg.version,
    description: pkg.description,
    license: pkg.license,
    private: true,
    type: "commonjs",
    main: "main.js",
    engines: pkg.engines,
  };
  await fs.writeFile(path.join(outDir, "package.json"), JSON.stringify(trimmed, null, 2) + "\n");

  const files = (await fs.readdir(outDir)).sort();
  return { outDir, files, bundleBytes };
}

function parseArgs(argv: string[]): { outDir?: string; entry?: string } {
  const out: { outDir?: string; entry?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--outdir") {
      const value = argv[++i];
      if (!value) throw new Error("--outdir needs a folder");
      out.outDir = value;
    } else if (arg === "--entry") {
      const value = argv[++i];
      if (!value) throw new Error("--entry needs a file");
      out.entry = value;
    } else {
      throw new Error(`unknown argument: ${arg}`);
    }
  }
  return out;
}

if (require.main === module) {
  const root = path.resolve(__dirname, "..");
  const args = parseArgs(process.argv.slice(2));
  buildPackage({ root, outDir: args.outDir ?? path.join(root, "dist"), entry: args.entry })
    .then((r) => console.log(JSON.stringify({ built: r.outDir, files: r.files, bundleBytes: r.bundleBytes })))
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    });
}
