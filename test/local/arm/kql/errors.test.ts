import { describe, expect, it } from "vitest";
import { graphTables } from "../../../../local/arm/kql/graphTables";
import { KqlError } from "../../../../local/arm/kql/KqlError";
import { runQuery, tryRunQuery } from "../../../../local/arm/kql/runQuery";
import { EstateState } from "../../../../local/arm/state/EstateState";
import { fixtureEstate } from "./fixtureEstate";

const state = new EstateState(fixtureEstate);
const NOW = new Date("2024-10-01T00:00:00Z");

function fail(query: string, maxRows?: number): KqlError {
  const r = tryRunQuery(query, { tables: graphTables(state, {}), now: NOW, maxRows });
  if (!(r instanceof KqlError)) throw new Error(`expected an error for: ${query}`);
  return r;
}

describe("unsupported or invalid queries", () => {
  it("names an unsupported operator (parse) with its position", () => {
    expect(fail("Resources | parse id with * '/providers/' rest").detail()).toEqual({
      code: "InvalidQueryLanguage",
      message: "Operator 'parse' is not supported by Resource Graph.",
      line: 1,
      characterPositionInLine: 12,
      token: "parse",
    });
  });

  it("names mv-apply as one token", () => {
    const e = fail("Resources | mv-apply t = tags on (take 1)");
    expect([e.code, e.token]).toEqual(["InvalidQueryLanguage", "mv-apply"]);
  });

  it("reports a parser failure at end of input", () => {
    const e = fail("Resources | where name == ");
    expect([e.code, e.token, e.line, e.characterPositionInLine]).toEqual(["ParserFailure", "<EOF>", 1, 26]);
  });

  it("reports line and position on a later line", () => {
    const e = fail("Resources\n| where name = 'x'");
    expect([e.code, e.token, e.line, e.characterPositionInLine]).toEqual(["ParserFailure", "=", 2, 13]);
  });

  it("names an unknown column", () => {
    const e = fail("Resources | where nosuchcolumn == 1");
    expect([e.code, e.token, e.message]).toEqual(["FailedToResolveScalarExpression", "nosuchcolumn", "Failed to resolve scalar expression named 'nosuchcolumn'"]);
  });

  it("names a column dropped by an earlier project", () => {
    const e = fail("Resources | project name | where location == 'eastus'");
    expect(e.token).toBe("location");
  });

  it("names an unknown function", () => {
    const e = fail("Resources | extend x = frobnicate(name)");
    expect([e.code, e.token]).toEqual(["UnknownFunction", "frobnicate"]);
  });

  it("rejects an aggregation outside summarize", () => {
    expect(fail("Resources | extend c = dcount(name)").code).toBe("InvalidArgument");
  });

  it("rejects wrong argument counts", () => {
    expect(fail("Resources | project tolower(name, location)").code).toBe("InvalidArgument");
  });

  it("names an unknown table", () => {
    const e = fail("AdvisorResourcez | take 1");
    expect([e.code, e.token]).toEqual(["FailedToResolveEntity", "AdvisorResourcez"]);
  });

  it("refuses unterminated strings", () => {
    expect(fail("Resources | where name == 'abc").code).toBe("ParserFailure");
  });

  it("refuses regular expressions that could backtrack catastrophically", () => {
    expect(fail("Resources | where name matches regex '(a+)+$'").code).toBe("InvalidArgument");
  });

  it("fails fast on absurdly deep nesting instead of overflowing the stack", () => {
    const deep = `Resources | where ${"(".repeat(5000)}1${")".repeat(5000)} == 1`;
    expect(fail(deep).code).toBe("QueryLimitExceeded");
  });

  it("bounds row explosions from joins", () => {
    const q = "Resources | extend k = 1 | join kind=inner (Resources | extend k = 1 | project k, n2 = name) on k";
    expect(fail(q, 100).code).toBe("QueryLimitExceeded");
  });

  it("never throws anything but a KqlError on random input", () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const atoms = [
      "Resources", "|", "where", "project", "summarize", "by", "count()", "(", ")", "[", "]", ",", "=", "==", "'x'", "name",
      "properties.a", "tags['k']", "join", "on", "mv-expand", "1d", "42", "and", "or", "not(", "$left.", "dynamic([", "]", "{", "}",
      "extend", "order", "asc", "top", "10", "datetime(2024-01-01)", "in~", "!has", "\"", "@'", "arg_max(", "*", "-", "/", "..",
    ];
    for (let i = 0; i < 2000; i++) {
      const n = 1 + Math.floor(rnd() * 12);
      const q = Array.from({ length: n }, () => atoms[Math.floor(rnd() * atoms.length)]).join(" ");
      // runQuery itself (not the catch-all wrapper) must only ever throw KqlError.
      let thrown: unknown;
      try {
        runQuery(q, { tables: graphTables(state, {}), now: NOW });
      } catch (e) {
        thrown = e;
      }
      if (thrown !== undefined && !(thrown instanceof KqlError)) throw new Error(`non-KQL error for ${JSON.stringify(q)}: ${String(thrown)}`);
    }
  });
});
