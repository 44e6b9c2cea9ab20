import { beforeAll, describe, expect, it } from "vitest";
import { promises as fs } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import type { Node, Tree } from "web-tree-sitter";
import { parseBicep, syntaxProblems } from "./parseBicep";

// No Bicep compiler can run here, so these checks stand in for `bicep build`: syntax through the
// tree-sitter grammar, and the cross-file facts a compiler or ARM would only report at deploy time.

const root = path.resolve(__dirname, "..", "..");
const infra = path.join(root, "infra");
const guidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

interface BicepFile {
  rel: string;
  abs: string;
  source: string;
  tree: Tree;
}

async function listBicep(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listBicep(p)));
    else if (entry.name.endsWith(".bicep")) out.push(p);
  }
  return out.sort();
}

function descendants(node: Node, type: string): Node[] {
  return node.descendantsOfType(type).filter((n): n is Node => n !== null);
}

function stringValue(node: Node): string {
  return node.text.replace(/^'|'$/g, "");
}

function at(file: BicepFile, node: Node): string {
  return `${file.rel}:${node.startPosition.row + 1}`;
}

function moduleReferences(file: BicepFile): { ref: string; where: string }[] {
  return descendants(file.tree.rootNode, "module_declaration").map((m) => {
    const s = m.children.find((c) => c?.type === "string");
    if (!s) throw new Error(`module without a path at ${at(file, m)}`);
    return { ref: stringValue(s), where: at(file, m) };
  });
}

function calls(file: BicepFile, fn: string): { arg: string; where: string }[] {
  return descendants(file.tree.rootNode, "call_expression")
    .filter((c) => c.childForFieldName("function")?.text === fn)
    .map((c) => {
      const arg = c.childForFieldName("arguments")?.namedChildren.find((a) => a?.type === "string");
      if (!arg) throw new Error(`${fn} without a literal path at ${at(file, c)}`);
      return { arg: stringValue(arg), where: at(file, c) };
    });
}

function parameters(file: BicepFile): { name: string; hasDefault: boolean }[] {
  return descendants(file.tree.rootNode, "parameter_declaration").map((p) => ({
    name: p.namedChildren.find((c) => c?.type === "identifier")!.text,
    hasDefault: p.children.some((c) => c?.type === "="),
  }));
}

let files: BicepFile[] = [];
let builtinRoles: Record<string, string> = {};

beforeAll(async () => {
  const paths = await listBicep(infra);
  files = await Promise.all(
    paths.map(async (abs) => {
      const source = await fs.readFile(abs, "utf8");
      return { abs, rel: path.relative(root, abs), source, tree: await parseBicep(source) };
    }),
  );
  builtinRoles = JSON.parse(await fs.readFile(path.join(infra, "roles", "builtin-roles.json"), "utf8"));
});

describe("bicep syntax", () => {
  it("finds the template files", () => {
    const rels = files.map((f) => f.rel);
    for (const expected of ["infra/main.bicep", "infra/events.bicep", "infra/roles/main.bicep", "infra/app/api.bicep"]) {
      expect(rels).toContain(expected);
    }
  });

  it("parses every .bicep file without ERROR or MISSING nodes", () => {
    const problems = files.flatMap((f) => syntaxProblems(f.rel, f.tree));
    expect(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.kind} ${JSON.stringify(p.text)}`)).toEqual([]);
  });

  it("reports a broken file with its line", async () => {
    const broken = "param a string\nresource r 'Microsoft.Storage/storageAccounts@2024-01-01' = {\n  name: 'x'\n";
    const problems = syntaxProblems("broken.bicep", await parseBicep(broken));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.line).toBeGreaterThanOrEqual(2);
  });
});

describe("azd wiring", () => {
  it("declares every main.parameters.json parameter in main.bicep, and supplies every required one", async () => {
    const main = files.find((f) => f.rel === "infra/main.bicep")!;
    const declared = parameters(main);
    const supplied = Object.keys(
      (JSON.parse(await fs.readFile(path.join(infra, "main.parameters.json"), "utf8")) as { parameters: Record<string, unknown> }).parameters,
    );
    const names = new Set(declared.map((p) => p.name));
    expect(supplied.filter((s) => !names.has(s))).toEqual([]);
    const required = declared.filter((p) => !p.hasDefault).map((p) => p.name);
    expect(required.filter((r) => !supplied.includes(r))).toEqual([]);
  });

  it("targets the scopes azd and the hooks deploy to", () => {
    const scope = (rel: string) => /targetScope\s*=\s*'(\w+)'/.exec(files.find((f) => f.rel === rel)!.source)?.[1];
    expect(scope("infra/main.bicep")).toBe("subscription");
    expect(scope("infra/events.bicep")).toBe("subscription");
    expect(scope("infra/roles/main.bicep")).toBe("managementGroup");
  });

  it("azure.yaml deploys the built package of service ailz and its hook scripts exist", async () => {
    const doc = parseYaml(await fs.readFile(path.join(root, "azure.yaml"), "utf8")) as {
      services: Record<string, { project: string; host: string; language: string; dist?: string }>;
      hooks: Record<string, { posix: { run: string }; windows: { run: string } }>;
    };
    expect(doc.services.ailz).toMatchObject({ project: ".", host: "function", language: "ts", dist: "dist" });
    expect(Object.keys(doc.hooks)).toEqual(expect.arrayContaining(["postdeploy", "postprovision"]));
    for (const hook of Object.values(doc.hooks)) {
      for (const run of [hook.posix.run, hook.windows.run]) await fs.access(path.join(root, run));
    }
    // azd finds the app to deploy by this tag; it must name the azure.yaml service.
    const main = files.find((f) => f.rel === "infra/main.bicep")!.source;
    expect(main).toMatch(/serviceName:\s*'ailz'/);
    expect(files.find((f) => f.rel === "infra/app/api.bicep")!.source).toMatch(/'azd-service-name':\s*serviceName/);
  });

  it("the postdeploy hook passes only parameters events.bicep declares", async () => {
    const events = files.find((f) => f.rel === "infra/events.bicep")!;
    const names = new Set(parameters(events).map((p) => p.name));
    for (const hook of ["postdeploy.sh", "postdeploy.ps1"]) {
      const text = await fs.readFile(path.join(infra, "hooks", hook), "utf8");
      const passed = [...text.matchAll(/^\s*"?(\w+)"?\s*[:=]\s*(?:\{|@\{)\s*"?value"?/gm)].map((m) => m[1]!);
      expect(passed.length).toBeGreaterThan(0);
      expect(passed.filter((p) => !names.has(p))).toEqual([]);
    }
  });
});

describe("module references", () => {
  it("pins every registry module to an exact version", () => {
    const bad = files
      .flatMap(moduleReferences)
      .filter((m) => m.ref.startsWith("br"))
      .filter((m) => !/^br\/public:avm\/(res|ptn|utl)\/[a-z0-9-]+\/[a-z0-9-]+(\/[a-z0-9-]+)*:\d+\.\d+\.\d+$/.test(m.ref));
    expect(bad).toEqual([]);
  });

  it("uses Azure Verified Modules for the core resources", () => {
    const refs = files.flatMap(moduleReferences).map((m) => m.ref.replace(/:[^:]+$/, ""));
    for (const avm of [
      "br/public:avm/res/web/serverfarm",
      "br/public:avm/res/web/site",
      "br/public:avm/res/storage/storage-account",
      "br/public:avm/res/insights/component",
      "br/public:avm/res/operational-insights/workspace",
      "br/public:avm/res/managed-identity/user-assigned-identity",
      "br/public:avm/res/key-vault/vault",
    ]) {
      expect(refs).toContain(avm);
    }
  });

  it("points every local module and loadJsonContent at a file that exists", async () => {
    const missing: string[] = [];
    for (const f of files) {
      const locals = [
        ...moduleReferences(f).filter((m) => !m.ref.startsWith("br")).map((m) => ({ arg: m.ref, where: m.where })),
        ...calls(f, "loadJsonContent"),
      ];
      for (const l of locals) {
        try {
          await fs.access(path.resolve(path.dirname(f.abs), l.arg));
        } catch {
          missing.push(`${l.where} -> ${l.arg}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

describe("role definitions", () => {
  it("builtin-roles.json maps unique names to unique GUIDs", () => {
    const entries = Object.entries(builtinRoles);
    expect(entries.length).toBeGreaterThan(5);
    for (const [name, id] of entries) expect(id, name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Set(entries.map(([, id]) => id)).size).toBe(entries.length);
  });

  it("uses only role GUIDs listed in builtin-roles.json", () => {
    const known = new Set(Object.values(builtinRoles).map((g) => g.toLowerCase()));
    const unknown = files.flatMap((f) =>
      [...f.source.matchAll(guidPattern)].filter((m) => !known.has(m[0].toLowerCase())).map((m) => `${f.rel}: ${m[0]}`),
    );
    expect(unknown).toEqual([]);
  });

  it("names only roles builtin-roles.json defines", () => {
    const bad: string[] = [];
    for (const f of files) {
      for (const sub of descendants(f.tree.rootNode, "subscript_expression")) {
        if (sub.childForFieldName("object")?.text !== "roles") continue;
        const index = sub.childForFieldName("index");
        if (index?.type === "string" && !(stringValue(index) in builtinRoles)) bad.push(`${at(f, sub)} ${index.text}`);
      }
      // Names reached through arrays (readRoles, vendingAssignableRoleNames) are string literals too.
      for (const arr of descendants(f.tree.rootNode, "array")) {
        const parent = arr.parent;
        const owner = parent?.namedChildren.find((c) => c?.type === "identifier")?.text ?? "";
        if (!/RoleNames?$|Roles$/.test(owner) || owner === "roles") continue;
        for (const item of arr.namedChildren) {
          if (item?.type === "string" && !(stringValue(item) in builtinRoles)) bad.push(`${at(f, item)} ${item.text}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});

describe("ailz-operator.actions.json", () => {
  let doc: { roleName: string; description: string; actions: string[]; why: Record<string, string> };
  beforeAll(async () => {
    doc = JSON.parse(await fs.readFile(path.join(infra, "roles", "ailz-operator.actions.json"), "utf8"));
  });

  it("is loaded by the role definition", () => {
    const roles = files.find((f) => f.rel === "infra/roles/main.bicep")!;
    expect(calls(roles, "loadJsonContent").map((c) => c.arg)).toContain("ailz-operator.actions.json");
    expect(roles.source).toMatch(/actions:\s*operator\.actions/);
  });

  it("lists well-formed, unique ARM operations without wildcards in write/delete/action entries", () => {
    expect(doc.roleName).toBeTruthy();
    expect(doc.actions.length).toBeGreaterThan(0);
    expect(new Set(doc.actions.map((a) => a.toLowerCase())).size).toBe(doc.actions.length);
    for (const action of doc.actions) {
      expect(action).toMatch(/^Microsoft\.[A-Za-z]+(\/[A-Za-z*]+)+$/);
      const verb = action.split("/").pop()!;
      if (["write", "delete", "action"].includes(verb) || action.includes("*")) {
        expect(action, `${action} must name one operation`).not.toContain("*");
      }
    }
  });

  it("gives a reason for every action and no reason for an action it does not grant", () => {
    expect(Object.keys(doc.why).sort()).toEqual([...doc.actions].sort());
    for (const [action, why] of Object.entries(doc.why)) expect(why.length, action).toBeGreaterThan(10);
  });
});
