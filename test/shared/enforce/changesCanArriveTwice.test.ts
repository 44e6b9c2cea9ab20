import { describe, expect, it } from "vitest";
import { changesCanArriveTwice } from "../../../shared/enforce/changesCanArriveTwice";

describe("changesCanArriveTwice", () => {
  it("only when the platform's wiring and vending name the same single family is a change never delivered twice", () => {
    expect(changesCanArriveTwice("resources", "resources")).toBe(false);
    expect(changesCanArriveTwice("resourceNotifications", "resourceNotifications")).toBe(false);
    expect(changesCanArriveTwice("resources", undefined)).toBe(false);
    expect(changesCanArriveTwice("both", "resources")).toBe(true);
    expect(changesCanArriveTwice("resources", "both")).toBe(true);
    // A subscription both watched and vended could get one family from each.
    expect(changesCanArriveTwice("resources", "resourceNotifications")).toBe(true);
  });

  it("unset wiring claims every change; a bad value names the setting", () => {
    expect(changesCanArriveTwice(undefined, "resources")).toBe(true);
    expect(changesCanArriveTwice("", "resources")).toBe(true);
    expect(() => changesCanArriveTwice("resource", "resources")).toThrow('AILZ_EVENT_FAMILIES: must be one of resources, resourceNotifications, both (got "resource")');
  });
});
