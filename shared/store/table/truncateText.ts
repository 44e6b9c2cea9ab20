import { fitText } from "./fitText";
import type { TextLimit } from "./tableLimits";

/** The longest prefix of `text` within `limit`; never ends inside a surrogate pair. */
export function truncateText(text: string, limit: TextLimit): string {
  return text.slice(0, fitText(text, 0, limit));
}
