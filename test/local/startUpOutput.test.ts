// What `npm start` prints is what README.md ("Run it") shows: the function list in its shape, the
// banner line for line (ports, key and data folder normalised to the defaults), the banner last,
// start-up's own events and telemetry in the log file rather than the terminal, and no
// connection string, account key or token anywhere.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PortInUseError } from "../../local/azurite/checkPortFree";
import { spawnLocal, type LocalProcess } from "../support/spawnLocal";

const README = fs.readFileSync(path.resolve(__dirname, "../../README.md"), "utf8");
const BANNER_END = "  Ctrl+C stops everything.";
let world: LocalProcess;
let printed: string[];

/** The README's untagged code blocks of "Run it", by their first line. */
function readmeBlock(firstLine: string): string[] {
  const section = README.slice(README.indexOf("## Run it"), README.indexOf("\n## ", README.indexOf("## Run it") + 1));
  const blocks: { lang: string; lines: string[] }[] = [];
  let open: { lang: string; lines: string[] } | undefined;
  for (const line of section.split("\n")) {
    if (line.startsWith("```")) {
      if (open) blocks.push(open);
      open = open ? undefined : { lang: line.slice(3), lines: [] };
    } else open?.lines.push(line);
  }
  const block = blocks.find((b) => b.lang === "" && b.lines[0] === firstLine)?.lines;
  if (!block) throw new Error(`README "Run it" has no code block starting with ${JSON.stringify(firstLine)}`);
  return block;
}

/** The lines from the one that equals `first` to the one that equals `last` (or the first blank one). */
function slice(lines: string[], first: string, last?: string): string[] {
  const from = lines.indexOf(first);
  expect(from, `"${first}" in the output`).toBeGreaterThanOrEqual(0);
  const rest = lines.slice(from);
  const to = last === undefined ? rest.findIndex((l) => l.trim() === "") : rest.indexOf(last) + 1;
  return to <= 0 ? rest : rest.slice(0, to);
}

beforeAll(async () => {
  // The demo estate and a generated key: what a first `npm start` does.
  world = await spawnLocal({ estate: true, functionKey: null, env: { AILZ_LOG_LEVEL: "info" } });
  for (let i = 0; i < 300 && !world.output().includes(BANNER_END); i++) await new Promise((r) => setTimeout(r, 100));
  // Anything start-up still had in flight would show up in this second.
  await new Promise((r) => setTimeout(r, 1000));
  const p = world.ports;
  printed = world
    .output()
    .replaceAll(`http://127.0.0.1:${p.host}`, "http://127.0.0.1:7071")
    .replaceAll(`http://127.0.0.1:${p.emulator}`, "http://127.0.0.1:7072")
    .replaceAll(`http://127.0.0.1:${p.sink}`, "http://127.0.0.1:7073")
    .replaceAll(world.functionKey, "<key>")
    .replaceAll(world.dataDir, ".ailz")
    .split("\n");
}, 180_000);

afterAll(async () => {
  await world?.stop();
});

describe("npm start output", () => {
  it("prints the banner exactly as the README shows it", () => {
    const banner = readmeBlock("ailz is running locally");
    expect(slice(printed, banner[0]!, BANNER_END)).toEqual(banner);
  });

  it("lists the functions in the shape the README shows, every registered function once", async () => {
    const list = slice(printed, "Functions:");
    const shape = readmeBlock("Functions:")
      .map((l) => (l === "  ..." ? "(?:.*\\n)*?" : `${l.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\n`))
      .join("");
    expect(list.join("\n") + "\n").toMatch(new RegExp(`^${shape}$`));

    const res = await fetch(`${world.hostUrl}/admin/functions`, { headers: { "x-functions-key": world.functionKey } });
    const registered = ((await res.json()) as { name: string; trigger: string; route?: string }[]).sort((a, b) => a.name.localeCompare(b.name));
    expect(list.slice(1).map((l) => l.split(":")[0]!.trim())).toEqual(registered.map((f) => f.name));
    for (const [i, f] of registered.entries()) {
      const line = list[i + 1]!;
      if (f.route === undefined) expect(line).toBe(`  ${f.name}: ${f.trigger}`);
      else expect(line).toMatch(new RegExp(`^  ${f.name}: \\[[A-Z,]+\\] http://127\\.0\\.0\\.1:7071/api/${f.route.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
    }
  });

  it("ends start-up with the banner: start-up's events and telemetry go to the log file", () => {
    const after = printed.slice(printed.indexOf(BANNER_END) + 1).filter((l) => l.trim() !== "");
    // The hourly quota sampler may fire at any minute; it is the app at work, not start-up.
    expect(after.filter((l) => !l.includes("quotaSampler"))).toEqual([]);
    const terminal = printed.join("\n");
    expect(terminal).not.toMatch(/^\{"level"/m);
    expect(terminal).not.toContain("Executed 'resourceEvents'");

    const logFile = fs.readFileSync(path.join(world.dataDir, "ailz.log"), "utf8");
    expect(logFile).toContain("Executed 'resourceEvents'");
    expect(logFile).toMatch(/DEBUG \{"level":"info","metric":"ailz\.events\.processed"/);
    expect(logFile).toContain("resource events of 25 subscription(s) delivered to resourceEvents");
  });

  it("shows no connection string, account key or token, and the function key only in the banner", () => {
    const logFile = fs.readFileSync(path.join(world.dataDir, "ailz.log"), "utf8");
    for (const [where, text] of [["terminal", world.output()], ["log file", logFile]] as const) {
      expect(text, where).not.toMatch(/AccountKey=(?!\[redacted\])/i);
      expect(text, where).not.toMatch(/DefaultEndpointsProtocol=|AccountName=devstoreaccount1/i);
      expect(text, where).not.toMatch(/SharedAccessSignature(?! \[redacted\])|[?&]sig=(?!\[redacted\])/i);
      expect(text, where).not.toMatch(/Bearer (?!\[redacted\])\S/);
      expect(text, where).not.toMatch(/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\./);
      expect(text, where).not.toContain(world.storageConnectionString.match(/AccountKey=([^;]+)/)![1]);
    }
    expect(logFile).not.toContain(world.functionKey);
    expect(world.output().split("\n").filter((l) => l.includes(world.functionKey))).toEqual([
      expect.stringMatching(/^  Function key     \S+  \(generated, saved in .+host-keys\.json\)$/),
    ]);
  });

  it("words a taken port as the README's example does", () => {
    expect(readmeBlock("ailz: Port 10000 (Azurite blob, AILZ_AZURITE_BLOB_PORT) is already in use. Stop whatever is listening there or set AILZ_AZURITE_BLOB_PORT to a free port.")).toEqual([
      `ailz: ${new PortInUseError(10000, "Azurite blob", "AILZ_AZURITE_BLOB_PORT").message}`,
    ]);
  });
});
