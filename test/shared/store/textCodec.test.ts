import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StoreLimitError } from "../../../shared/store/errors";
import { asciiJson } from "../../../shared/store/table/asciiJson";
import { checkEntity } from "../../../shared/store/table/checkEntity";
import { entitySize } from "../../../shared/store/table/entitySize";
import { splitText } from "../../../shared/store/table/splitText";
import { CUSTOM_PROPERTIES, ENTITY_BYTES, KEY_LIMIT, PROPERTY_LIMIT, type TextLimit } from "../../../shared/store/table/tableLimits";
import { truncateText } from "../../../shared/store/table/truncateText";
import { isWellFormed, wellFormed } from "../../../shared/store/table/wellFormed";
import { piece, shortText, sizedText, textOf } from "./unicodeText";

// The pure pieces of the document codec, checked on random Unicode without a storage emulator.

const utf8 = (s: string) => Buffer.byteLength(s, "utf8");
const within = (s: string, limit: TextLimit) => s.length <= limit.units && utf8(s) <= limit.bytes;
const firstCodePoint = (s: string) => String.fromCodePoint(s.codePointAt(0)!);
const limitArb = fc.record({ units: fc.integer({ min: 2, max: 64 }), bytes: fc.integer({ min: 4, max: 128 }) });
const SEED = { seed: 20250301 };

describe("splitText", () => {
  it("splits any text into well-formed parts within both limits, each as long as the limits allow, that join back to the text", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), limitArb, (pieces, limit) => {
        const text = pieces.join("");
        const parts = splitText(text, limit);
        expect(parts.join("")).toBe(text);
        parts.forEach((p, i) => {
          expect(within(p, limit)).toBe(true);
          expect(isWellFormed(p)).toBe(true);
          expect(Buffer.from(p, "utf8").toString("utf8")).toBe(p);
          if (i < parts.length - 1) expect(within(p + firstCodePoint(parts[i + 1]), limit)).toBe(false);
        });
      }),
      { ...SEED, numRuns: 500 },
    );
  });

  it("cuts at the stricter limit: 32768 units of é are one part of 65536 bytes, € parts stop at 65535 bytes, a pair at the edge moves whole", () => {
    expect(splitText("é".repeat(32_768), PROPERTY_LIMIT)).toHaveLength(1);
    expect(splitText("é".repeat(32_769), PROPERTY_LIMIT).map((p) => p.length)).toEqual([32_768, 1]);
    expect(splitText("€".repeat(30_000), PROPERTY_LIMIT).map((p) => utf8(p))).toEqual([65_535, 24_465]);
    expect(splitText("x".repeat(32_768), PROPERTY_LIMIT)).toHaveLength(1);
    expect(splitText("x".repeat(65_537), PROPERTY_LIMIT).map((p) => p.length)).toEqual([32_768, 32_768, 1]);
    const edge = splitText("x".repeat(32_767) + "😀", PROPERTY_LIMIT);
    expect(edge).toEqual(["x".repeat(32_767), "😀"]);
  });

  it("refuses a limit that cannot hold one code point instead of looping", () => {
    expect(() => splitText("😀", { units: 1, bytes: 100 })).toThrow(RangeError);
  });
});

describe("truncateText", () => {
  it("keeps the longest well-formed prefix within the limit", () => {
    fc.assert(
      fc.property(sizedText([0, 5, 40, 300]), limitArb, (text, limit) => {
        const t = truncateText(text, limit);
        expect(text.startsWith(t)).toBe(true);
        expect(within(t, limit)).toBe(true);
        expect(isWellFormed(t)).toBe(true);
        if (t.length < text.length) expect(within(t + firstCodePoint(text.slice(t.length)), limit)).toBe(false);
      }),
      { ...SEED, numRuns: 300 },
    );
  });
});

describe("asciiJson", () => {
  it("writes the same JSON value in ASCII only", () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: "binary" }), shortText, (value, text) => {
        const json = JSON.stringify({ value, text });
        const ascii = asciiJson(json);
        expect(/^[\x00-\x7f]*$/.test(ascii)).toBe(true);
        expect(JSON.parse(ascii)).toEqual(JSON.parse(json));
      }),
      { ...SEED, numRuns: 300 },
    );
  });
});

describe("wellFormed", () => {
  it("replaces lone surrogates only", () => {
    expect(wellFormed("a\ud800b\udc00c😀")).toBe("a\ufffdb\ufffdc😀");
    expect(isWellFormed("😀\ud83d")).toBe(false);
    expect(isWellFormed("😀é")).toBe(true);
  });
});

describe("checkEntity", () => {
  const base = { partitionKey: "p", rowKey: "r" };

  it("passes entities within every limit and names the limit an entity breaks", () => {
    const props = Object.fromEntries(Array.from({ length: CUSTOM_PROPERTIES }, (_, i) => [`P${i}`, "v"]));
    expect(checkEntity("T", { ...base, ...props })).toBeTruthy();
    expect(() => checkEntity("T", { ...base, ...props, P999: "v" })).toThrow(/253 properties/);
    expect(checkEntity("T", { ...base, A: "é".repeat(PROPERTY_LIMIT.units) })).toBeTruthy();
    expect(() => checkEntity("T", { ...base, A: "x".repeat(PROPERTY_LIMIT.units + 1) })).toThrow(/property A is 32769 UTF-16 units/);
    expect(() => checkEntity("T", { ...base, A: "€".repeat(30_000) })).toThrow(/90000 UTF-8 bytes/);
    expect(() => checkEntity("T", { ...base, A: "a\ud800" })).toThrow(/lone surrogate/);
    expect(checkEntity("T", { ...base, rowKey: "k".repeat(KEY_LIMIT.units) })).toBeTruthy();
    expect(() => checkEntity("T", { ...base, rowKey: "k".repeat(KEY_LIMIT.units + 1) })).toThrow(/rowKey/);
    for (const bad of ["a/b", "a\\b", "a#b", "a?b", "a\u0001", "a\u0085"]) expect(() => checkEntity("T", { ...base, partitionKey: bad })).toThrow(/partitionKey holds/);
    try {
      checkEntity("Findings", { ...base, A: "x".repeat(40_000) });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(StoreLimitError);
      expect((err as StoreLimitError).table).toBe("Findings");
    }
  });

  it("holds an entity to 1 MiB by Azure's accounting (2 bytes per ASCII character) and on the wire (6 per escaped unit)", () => {
    // 16 properties of 32,768 ASCII characters: 1 MiB of UTF-16 plus overhead, though only ~0.5 MiB on the wire.
    const ascii = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`P${i}`, "x".repeat(32_768)]));
    expect(entitySize({ ...base, ...ascii }).azure).toBeGreaterThan(ENTITY_BYTES);
    expect(entitySize({ ...base, ...ascii }).wire).toBeLessThan(ENTITY_BYTES / 1.9);
    expect(() => checkEntity("T", { ...base, ...ascii })).toThrow(/Azure's accounting/);
    // 6 properties of 30,000 é: 360 KB by Azure's accounting but 1.08 MB of \u00e9 escapes on the wire.
    const accented = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`P${i}`, "é".repeat(30_000)]));
    expect(entitySize({ ...base, ...accented }).azure).toBeLessThan(ENTITY_BYTES / 2);
    expect(() => checkEntity("T", { ...base, ...accented })).toThrow(/on the wire/);
  });
});

describe("textOf (the property tests' text builder)", () => {
  it("builds exact lengths without lone surrogates", () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 500 }), (pieces, units) => {
        const t = textOf(pieces, units);
        expect(t.length).toBe(units);
        expect(isWellFormed(t)).toBe(true);
      }),
      { ...SEED, numRuns: 200 },
    );
  });
});
