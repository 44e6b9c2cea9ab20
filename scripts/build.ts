import { build, type BuildOptions as BuildOptionsOfEsbuild, type Metafile, type Plugin } from "esbuild";
import { promises as fs } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { buildConsoleAssets } from "../console/buildConsoleAssets";

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
  /** main.js: what the worker loads at start-up. */
  bundleBytes: number;
  /** sdk.js: the Azure SDK family, loaded on first use. */
  sdkBytes: number;
  /** sdk-telemetry.js: the OpenTelemetry SDK and the Azure Monitor exporter, loaded at start-up where Application Insights is configured. */
  telemetrySdkBytes: number;
  /** The deferred-*.js files (packages registration does not run) and their sizes. */
  deferredBytes: Record<string, number>;
}

// Files the Functions host reads from the package root besides the bundle. guardrails.yaml is
// the default policy file; it ships when the project has one.
const requiredAssets = ["host.json"];
const optionalAssets = ["guardrails.yaml"];

// The Azure SDK family (every @azure/* package but @azure/functions, @typespec/*, OpenTelemetry
// but its API) is most of the package, and registration needs none of it: the Functions worker
// imports every function module only to register it. So it goes into a second file, sdk.js, that
// main.js loads on the first use of any SDK export (shared/azure/clientFactory.ts also requires
// each @azure/arm-* package only when its client is first built). The worker then compiles and
// evaluates a few hundred kilobytes at start-up instead of megabytes.
const SDK_SPECIFIER = /^@(azure|typespec|opentelemetry)\//;
// @azure/functions registers the functions; @opentelemetry/api is read by durable-functions at
// import and keeps its state on a global symbol, so the copy in sdk.js shares it.
const MAIN_PACKAGES = new Set(["@azure/functions", "@azure/functions-core", "@opentelemetry/api"]);
const SDK_FILE = "sdk.js";
const SDK_NAMESPACE = "ailz-sdk";
// Where Application Insights is configured (in Azure, always: infra/app/api.bicep sets the
// connection string), the appStart hook loads the OpenTelemetry SDK and the Azure Monitor exporter
// before the app reports ready. From sdk.js that meant compiling every Azure SDK package at
// start-up; so what shared/telemetry/ imports comes from its own sdk-telemetry.js instead. The
// packages both need (@azure/identity, the core pipeline) are bundled into each: the telemetry
// copy's credential only ever meets the telemetry copy's exporter.
const TELEMETRY_SDK_FILE = "sdk-telemetry.js";
const sdkFileFor = (root: string, importer: string) => (path.relative(root, importer).startsWith(path.join("shared", "telemetry") + path.sep) ? TELEMETRY_SDK_FILE : SDK_FILE);

const packageOf = (specifier: string) => specifier.split("/").slice(0, 2).join("/");

// What durable-functions requires at import but only runs inside a durable client call or an
// orchestration: axios (with form-data and mime-db, and Node's fetch classes it touches at
// import), validator, moment, lodash's cloneDeep. Registration (`df.app.*`) runs none of them,
// yet evaluating them was a third of the start-up the profile showed. Each goes into its own
// deferred-<name>.js beside main.js, loaded on the first call or property read of its export.
const DEFERRED_SPECIFIERS = ["axios", "validator", "moment", "lodash/cloneDeep"];
const DEFERRED_NAMESPACE = "ailz-deferred";
const deferredFileOf = (specifier: string) => `deferred-${specifier.replace(/\//g, "-")}.js`;

// Packages that ailz imports and a dependency requires: luxon (cron-parser requires it; the
// policy check sets its default locale for cron-parser's parse, which only works on one copy).
const SHARED_COMMONJS = /^luxon$/;

/**
 * Resolves every import of the SDK family (and of SHARED_COMMONJS) to its CommonJS build, the one
 * require() reaches, so a package imported by one module and required by another is bundled (and
 * its module state held) once, and each is evaluated on its first require().
 */
function commonJsSdkPlugin(): Plugin {
  return {
    name: "ailz-commonjs-sdk",
    setup(b) {
      b.onResolve({ filter: new RegExp(`${SDK_SPECIFIER.source}|${SHARED_COMMONJS.source}`) }, async (args) => {
        if (args.kind !== "import-statement" && args.kind !== "dynamic-import") return undefined;
        const real = await b.resolve(args.path, { kind: "require-call", resolveDir: args.resolveDir, importer: args.importer });
        if (real.errors.length > 0 || real.external) return undefined;
        return { path: real.path, sideEffects: real.sideEffects };
      });
    },
  };
}

/**
 * In main.js, each SDK specifier becomes a module whose exports are getters that load sdk.js and
 * the real package on first access (esbuild reads an imported binding at each use, so importing
 * one costs nothing until a handler touches it). The export names are read from the installed
 * package at build time. `specifiers` collects what each SDK file (sdk.js, sdk-telemetry.js) must serve.
 */
function sdkStubPlugin(root: string, specifiers: Map<string, Set<string>>): Plugin {
  const requireFromRoot = createRequire(path.join(root, "package.json"));
  return {
    name: "ailz-sdk-stubs",
    setup(b) {
      b.onResolve({ filter: SDK_SPECIFIER }, (args) => {
        if (MAIN_PACKAGES.has(packageOf(args.path))) return undefined;
        const file = sdkFileFor(root, args.importer);
        specifiers.get(file)!.add(args.path);
        return { path: `${file}:${args.path}`, namespace: SDK_NAMESPACE };
      });
      b.onLoad({ filter: /.*/, namespace: SDK_NAMESPACE }, (args) => {
        const at = args.path.indexOf(":");
        const [file, specifier] = [args.path.slice(0, at), args.path.slice(at + 1)];
        const names = Object.keys(requireFromRoot(specifier) as object).filter((n) => n !== "default" && n !== "__esModule");
        const contents = [
          "let real;",
          // Resolved against the bundle's own folder: the SDK files ship next to main.js.
          `const load = () => (real ??= require(require("node:path").join(__dirname, ${JSON.stringify(file)}))(${JSON.stringify(specifier)}));`,
          `Object.defineProperty(exports, "__esModule", { value: true });`,
          `for (const name of ${JSON.stringify(names)}) Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });`,
        ].join("\n");
        return { contents, loader: "js", resolveDir: root };
      });
    },
  };
}

/**
 * In main.js, each deferred specifier becomes a Proxy over a function that requires its
 * deferred-<name>.js on first use: a property read (`axios.default`, `validator.isURL`,
 * `moment.duration`), a call (`moment(...)`, `cloneDeep(...)`) or `new`. durable-functions only
 * touches them that way, inside the functions that need them, never at import.
 */
function deferredStubPlugin(): Plugin {
  const filter = new RegExp(`^(${DEFERRED_SPECIFIERS.map((s) => s.replace(/[/.]/g, "\\$&")).join("|")})$`);
  return {
    name: "ailz-deferred-stubs",
    setup(b) {
      b.onResolve({ filter }, (args) => ({ path: args.path, namespace: DEFERRED_NAMESPACE }));
      b.onLoad({ filter: /.*/, namespace: DEFERRED_NAMESPACE }, (args) => {
        const contents = [
          "let real;",
          `const load = () => (real ??= require(require("node:path").join(__dirname, ${JSON.stringify(deferredFileOf(args.path))})));`,
          "module.exports = new Proxy(function deferred() {}, {",
          "  get: (_t, key) => Reflect.get(load(), key),",
          "  set: (_t, key, value) => Reflect.set(load(), key, value),",
          "  has: (_t, key) => Reflect.has(load(), key),",
          "  apply: (_t, self, args) => Reflect.apply(load(), self, args),",
          "  construct: (_t, args) => Reflect.construct(load(), args),",
          "});",
        ].join("\n");
        return { contents, loader: "js" };
      });
    },
  };
}

export async function buildPackage(opts: BuildOptions): Promise<BuildResult> {
  const root = path.resolve(opts.root);
  const outDir = path.resolve(opts.outDir);
  if (outDir === root) throw new Error("outDir must not be the project root");
  await fs.rm(outDir, { recursive: true, force: true });
  await fs.mkdir(outDir, { recursive: true });

  const common = {
    absWorkingDir: root,
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
  } satisfies BuildOptionsOfEsbuild;

  const specifiers = new Map([SDK_FILE, TELEMETRY_SDK_FILE].map((f) => [f, new Set<string>()]));
  const main = await build({
    ...common,
    entryPoints: [path.resolve(root, opts.entry ?? path.join("functions", "index.ts"))],
    outfile: path.join(outDir, "main.js"),
    plugins: [deferredStubPlugin(), sdkStubPlugin(root, specifiers), commonJsSdkPlugin()],
  });
  const deferredBytes: Record<string, number> = {};
  for (const specifier of DEFERRED_SPECIFIERS) {
    const file = deferredFileOf(specifier);
    const out = await build({
      ...common,
      stdin: { contents: `module.exports = require(${JSON.stringify(specifier)});`, resolveDir: root, sourcefile: `${file}-entry.js`, loader: "js" },
      outfile: path.join(outDir, file),
    });
    deferredBytes[file] = out.metafile.outputs[Object.keys(out.metafile.outputs).find((k) => k.endsWith(file))!]!.bytes;
  }
  const sdkBytesOf: Record<string, number> = {};
  for (const [file, served] of specifiers) {
    const sorted = [...served].sort();
    const sdk = await build({
      ...common,
      stdin: {
        contents: [
          "const packages = {",
          ...sorted.map((s) => `  ${JSON.stringify(s)}: () => require(${JSON.stringify(s)}),`),
          "};",
          "module.exports = (specifier) => {",
          "  const load = packages[specifier];",
          `  if (!load) throw new Error(\`${file} does not bundle \${specifier}\`);`,
          "  return load();",
          "};",
        ].join("\n"),
        resolveDir: root,
        sourcefile: `${file}-entry.js`,
        loader: "js",
      },
      outfile: path.join(outDir, file),
      plugins: [commonJsSdkPlugin()],
    });
    sdkBytesOf[file] = sdk.metafile.outputs[Object.keys(sdk.metafile.outputs).find((k) => k.endsWith(file))!]!.bytes;
  }

  const bytesOf = async (metafile: Metafile, file: string) => {
    const key = Object.keys(metafile.outputs).find((k) => k.endsWith(file));
    return key ? metafile.outputs[key]!.bytes : (await fs.stat(path.join(outDir, file))).size;
  };
  const bundleBytes = await bytesOf(main.metafile, "main.js");

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

  // The console's front end, which the console function serves from console-assets/ next to main.js.
  await buildConsoleAssets(path.join(outDir, "console-assets"));

  const files = (await fs.readdir(outDir)).sort();
  return { outDir, files, bundleBytes, sdkBytes: sdkBytesOf[SDK_FILE]!, telemetrySdkBytes: sdkBytesOf[TELEMETRY_SDK_FILE]!, deferredBytes };
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
    .then((r) => console.log(JSON.stringify({ built: r.outDir, files: r.files, bundleBytes: r.bundleBytes, sdkBytes: r.sdkBytes, telemetrySdkBytes: r.telemetrySdkBytes, deferredBytes: r.deferredBytes })))
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    });
}
