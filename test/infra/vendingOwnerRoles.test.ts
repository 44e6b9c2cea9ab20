import fs from "node:fs";
import path from "node:path";
import type { Node } from "web-tree-sitter";
import { beforeAll, describe, expect, it } from "vitest";
import { loadPolicy } from "../../shared/config/loadPolicy";
import { parseBicep } from "./parseBicep";

// Vending assigns each archetype's `ownerRole` on the subscriptions it creates, through the Role
// Based Access Control Administrator assignment infra/roles grants it. That assignment carries an
// ABAC condition naming the roles it may assign; a role outside it fails in Azure at the owners
// step (the emulator does not evaluate conditions), so the two are checked against each other here.

const root = path.resolve(__dirname, "..", "..");
const roles = path.join(root, "infra", "roles");
const builtinRoles: Record<string, string> = JSON.parse(fs.readFileSync(path.join(roles, "builtin-roles.json"), "utf8"));

let assignableNames: string[] = [];
let condition = "";

const identifierOf = (n: Node) => n.namedChildren.find((c) => c?.type === "identifier")?.text;
const strings = (n: Node) => n.descendantsOfType("string").filter((s): s is Node => s !== null).map((s) => s.text.replace(/^'|'$/g, ""));

beforeAll(async () => {
  const main = await parseBicep(fs.readFileSync(path.join(roles, "main.bicep"), "utf8"));
  const param = main.rootNode.descendantsOfType("parameter_declaration").find((p) => p && identifierOf(p) === "vendingAssignableRoleNames");
  const defaults = param?.namedChildren.find((c) => c?.type === "array");
  if (!defaults) throw new Error("infra/roles/main.bicep: vendingAssignableRoleNames has no array default");
  assignableNames = strings(defaults);

  const access = await parseBicep(fs.readFileSync(path.join(roles, "vending-access.bicep"), "utf8"));
  const variable = (name: string) => access.rootNode.descendantsOfType("variable_declaration").find((v) => v && identifierOf(v) === name);
  // allowed = join(assignableRoleIds, ', '), interpolated into the condition: substitute the ids
  // main.bicep passes (roles[name] for each default name) to get the condition as Azure stores it.
  expect(variable("allowed")?.text.replace(/\s+/g, " ")).toBe("var allowed = join(assignableRoleIds, ', ')");
  const raw = variable("condition")?.namedChildren.find((c) => c?.type === "string")?.text;
  if (!raw) throw new Error("infra/roles/vending-access.bicep: no condition string");
  const ids = assignableNames.map((n) => builtinRoles[n]);
  condition = raw.slice(1, -1).replace(/\\'/g, "'").replaceAll("${allowed}", ids.join(", "));
});

/** GUIDs the condition lets `roleAssignments/write` (the request's role) and `/delete` (the stored role) use. */
function conditionGuids(kind: "Request" | "Resource"): Set<string> {
  const m = new RegExp(`@${kind}\\[Microsoft\\.Authorization/roleAssignments:RoleDefinitionId\\] ForAnyOfAnyValues:GuidEquals \\{([^}]*)\\}`).exec(condition);
  if (!m) throw new Error(`condition has no @${kind} RoleDefinitionId clause: ${condition}`);
  return new Set(m[1]!.split(",").map((g) => g.trim().toLowerCase()).filter(Boolean));
}

describe("vending owner roles and the RBAC Administrator condition", () => {
  it("main.bicep passes the default role names through builtin-roles.json to the condition", () => {
    const main = fs.readFileSync(path.join(roles, "main.bicep"), "utf8");
    expect(main).toMatch(/var vendingAssignableRoleIds = \[for roleName in vendingAssignableRoleNames: roles\[roleName\]\]/);
    expect(main).toMatch(/assignableRoleIds: vendingAssignableRoleIds/);
    for (const n of assignableNames) expect(builtinRoles[n], n).toBeDefined();
  });

  it("every archetype's ownerRole in guardrails.yaml may be assigned and removed under the condition", () => {
    const policy = loadPolicy(path.join(root, "guardrails.yaml"), { env: {} });
    const archetypes = Object.entries(policy.vending!.archetypes);
    expect(archetypes.length).toBeGreaterThan(0);
    const writable = conditionGuids("Request");
    const deletable = conditionGuids("Resource");
    for (const [name, a] of archetypes) {
      const id = builtinRoles[a.ownerRole]?.toLowerCase();
      expect(id, `archetype ${name}: ownerRole ${a.ownerRole} is not in infra/roles/builtin-roles.json`).toBeDefined();
      expect(writable.has(id!), `archetype ${name}: ownerRole ${a.ownerRole} cannot be assigned under the condition (${assignableNames.join(", ")})`).toBe(true);
      expect(deletable.has(id!), `archetype ${name}: ownerRole ${a.ownerRole} cannot be removed under the condition`).toBe(true);
    }
  });

  it("the condition never allows roles that can grant access (Owner, User Access Administrator, RBAC Administrator)", () => {
    const privileged = ["8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", builtinRoles["Role Based Access Control Administrator"]!];
    for (const g of privileged) expect(conditionGuids("Request").has(g.toLowerCase()), g).toBe(false);
  });
});
