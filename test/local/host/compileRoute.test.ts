import { describe, expect, it } from "vitest";
import { byPrecedence, compileRoute } from "../../../local/host/compileRoute";

describe("compileRoute", () => {
  it("matches literals case-insensitively and captures parameters", () => {
    const r = compileRoute("Vending/{id}/Status");
    expect(r.match("vending/abc/status")).toEqual({ id: "abc" });
    expect(r.match("vending/abc")).toBeNull();
    expect(r.match("vending/abc/status/extra")).toBeNull();
  });

  it("supports optional parameters, defaults and catch-alls", () => {
    expect(compileRoute("greet/{name?}").match("greet")).toEqual({});
    expect(compileRoute("greet/{name=world}").match("greet")).toEqual({ name: "world" });
    expect(compileRoute("files/{*path}").match("files/a/b/c.txt")).toEqual({ path: "a/b/c.txt" });
  });

  it("applies inline constraints", () => {
    const r = compileRoute("items/{id:int:min(1)}");
    expect(r.match("items/5")).toEqual({ id: "5" });
    expect(r.match("items/0")).toBeNull();
    expect(r.match("items/x")).toBeNull();
    expect(compileRoute("u/{g:guid}").match("u/3f2504e0-4f89-11d3-9a0c-0305e82c3301")).not.toBeNull();
    expect(compileRoute("n/{n:alpha:length(2,3)}").match("n/abcd")).toBeNull();
    const re = compileRoute("r/{code:regex(^[a-z]+:[0-9]+$)}");
    expect(re.match("r/ab:12")).toEqual({ code: "ab:12" });
    expect(re.match("r/ab")).toBeNull();
  });

  it("decodes percent-encoded segments", () => {
    expect(compileRoute("x/{name}").match("x/a%20b")).toEqual({ name: "a b" });
  });

  it("orders literal before constrained before plain before catch-all", () => {
    const routes = ["items/{*rest}", "items/{id}", "items/new", "items/{id:int}"].map(compileRoute);
    expect(routes.sort(byPrecedence).map((r) => r.template)).toEqual(["items/new", "items/{id:int}", "items/{id}", "items/{*rest}"]);
  });

  it("rejects unknown constraints and misplaced catch-alls with the template named", () => {
    expect(() => compileRoute("a/{id:bogus}")).toThrow(/a\/\{id:bogus\}/);
    expect(() => compileRoute("a/{*rest}/b")).toThrow(/catch-all/);
  });
});
