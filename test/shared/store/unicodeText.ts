import fc from "fast-check";
import { fitText } from "../../../shared/store/table/fitText";

// Text that has broken text stores before: astral characters and emoji sequences (ZWJ, flags,
// skin tones), combining marks, right-to-left scripts and direction marks, JSON's escapes, C0/C1
// controls, BOM, line separators, U+FFFD and noncharacters. Never a lone surrogate.

const NON_ASCII_PIECES = [
  "é", "ñ", "ß", "€", "™", "漢字", "日本語", "한국어", "Ελληνικά", "кириллица",
  "مرحبا بالعالم", "ﷺ", "שלום עולם", "\u200f", "\u200e", "\u202e", "\u2066", "\u2069",
  "e\u0301", "a\u0308\u0323", "\u0915\u094d\u0937", "ก\u0e49\u0e33",
  "😀", "👩‍👩‍👧‍👦", "🇸🇪", "👍🏽", "𝄞", "𠜎", "\u{10ffff}", "\u{1f9d1}\u{200d}\u{1f4bb}",
  "\ufeff", "\u2028", "\u2029", "\u0085", "\u00a0", "\ufffd", "\uffff", "\ufffe",
];
const ASCII_PIECES = ['"', "\\", "/", "\n", "\r\n", "\t", "\u0000", "\u001f", "\u007f", "'", "~", "#", "?", "%", "&", "<", ">", " ", "a", "Z9"];

const nonAsciiPiece = fc.oneof(
  fc.constantFrom(...NON_ASCII_PIECES),
  fc.string({ unit: "binary", minLength: 1, maxLength: 6 }).filter((s) => /^[^\x00-\x7f]+$/.test(s)),
);
export const piece = fc.oneof(
  { weight: 3, arbitrary: nonAsciiPiece },
  { weight: 1, arbitrary: fc.constantFrom(...ASCII_PIECES) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 3 }) },
);

/** Exactly `units` UTF-16 units of `pieces` repeated, padded with "a" where a surrogate pair would not fit. */
export function textOf(pieces: string[], units: number): string {
  const unit = pieces.join("") || "a";
  const repeated = unit.repeat(Math.ceil(units / unit.length));
  const cut = repeated.slice(0, fitText(repeated, 0, { units, bytes: Infinity }));
  return cut + "a".repeat(units - cut.length);
}

/** Text of one of `sizes` (± a few units), from random pieces; `nonAscii` keeps every unit outside ASCII. */
export function sizedText(sizes: number[], options: { nonAscii?: boolean } = {}): fc.Arbitrary<string> {
  return fc
    .record({
      pieces: fc.array(options.nonAscii ? nonAsciiPiece : piece, { minLength: 1, maxLength: 24 }),
      units: fc.constantFrom(...sizes),
      jitter: fc.integer({ min: -2, max: 2 }),
    })
    .map(({ pieces, units, jitter }) => {
      const text = textOf(pieces, Math.max(0, units + jitter));
      return options.nonAscii ? text.replace(/a/g, "é") : text;
    });
}

/** Short random text for names, ids and other columns. */
export const shortText = fc.array(piece, { minLength: 1, maxLength: 12 }).map((p) => p.join(""));
