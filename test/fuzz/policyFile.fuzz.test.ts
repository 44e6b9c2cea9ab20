import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../shared/config/parsePolicy";
import { PolicyError } from "../../shared/config/PolicyError";

// The policy file as start-up reads it, generated: the shipped guardrails.yaml with a line
// rewritten, cut, duplicated or replaced by YAML oddities (aliases, anchors, tags, flow syntax),
// and arbitrary text. parsePolicy either returns a policy or throws a PolicyError whose every
// issue has a line and column inside the file; nothing else escapes it.

const RUNS = Number(process.env.AILZ_FUZZ_RUNS ?? 500);
const SHIPPED = fs.readFileSync(path.resolve(__dirname, "../../guardrails.yaml"), "utf8");
const LINES = SHIPPED.split("\n");
const junk = fc.oneof(fc.constantFrom("", "*a", "&a x", "!!binary x", "[", "{", "- ", "~", "'", '"', ": :", "<<: *a", "${NOPE}", "${AILZ_X:-}", "0x1F", "1e999", "-.inf", "@"), fc.string({ maxLength: 12 }));

const mutation = fc.oneof(
  fc.tuple(fc.nat(), junk).map(([i, j]) => LINES.map((l, k) => (k === i % LINES.length ? `${l.replace(/: .*$/, ":")} ${j}` : l)).join("\n")),
  fc.tuple(fc.nat(), junk).map(([i, j]) => LINES.map((l, k) => (k === i % LINES.length ? j : l)).join("\n")),
  fc.nat().map((i) => LINES.slice(0, i % LINES.length).join("\n")),
  fc.tuple(fc.nat(), fc.nat({ max: 6 })).map(([i, indent]) => LINES.map((l, k) => (k === i % LINES.length ? " ".repeat(indent) + l.trimStart() : l)).join("\n")),
  fc.string({ maxLength: 200 }),
  fc.constant(`a: &a [${"*a,".repeat(50)}]\nb: &b [${"*a,".repeat(50)}]\nc: [${"*b,".repeat(50)}]`),
);

describe("fuzz: the policy file", () => {
  it(`${RUNS} generated files: a policy, or a PolicyError naming line and column`, () => {
    const lineCount = SHIPPED.split("\n").length + 1;
    fc.assert(
      fc.property(mutation, (text) => {
        try {
          parsePolicy(text, "guardrails.yaml", { env: {} });
        } catch (e) {
          expect(e, String(e)).toBeInstanceOf(PolicyError);
          const issues = (e as PolicyError).issues;
          expect(issues.length).toBeGreaterThan(0);
          for (const i of issues) {
            expect(i.line).toBeGreaterThanOrEqual(1);
            expect(i.line).toBeLessThanOrEqual(Math.max(lineCount, text.split("\n").length + 1));
            expect(i.message).toBeTruthy();
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
