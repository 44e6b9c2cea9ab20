#!/usr/bin/env node
"use strict";
// The `ailz` command from a clone: runs the TypeScript CLI (cli/main.ts) through tsx on Node 22
// or later. On an older node (a system node on PATH) it runs itself again on the Node 22 the
// repo pins as a dev dependency, so `npx ailz` works whichever node npx found.
const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  const { spawnSync } = require("node:child_process");
  let pinned;
  try {
    pinned = require.resolve("node/bin/node", { paths: [__dirname] });
  } catch {
    process.stderr.write(`ailz: needs Node 22 or later (this is ${process.version}); run npm ci to install the pinned one\n`);
    process.exit(2);
  }
  const r = spawnSync(pinned, [__filename, ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(r.status ?? 1);
}
require("tsx/cjs/api").register();
require("../cli/main.ts");
