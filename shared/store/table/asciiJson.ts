/**
 * The same JSON with every non-ASCII UTF-16 unit written as a \uXXXX escape (a surrogate pair as
 * two). Valid JSON holds non-ASCII only inside string literals, where an escape means the same
 * character, so the value is unchanged; only the bytes on the wire are all ASCII.
 */
export function asciiJson(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}
