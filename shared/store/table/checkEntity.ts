import { StoreLimitError } from "../errors";
import { entityProblem } from "./entityProblem";
import { truncateText } from "./truncateText";

/** `entity` when Table Storage stores it exactly as given; otherwise a StoreLimitError naming the row and the limit. */
export function checkEntity<E extends Record<string, unknown>>(table: string, entity: E): E {
  const problem = entityProblem(entity);
  if (problem) throw new StoreLimitError(table, `${table} ${clip(entity.partitionKey)}/${clip(entity.rowKey)} cannot be stored: ${problem}`);
  return entity;
}

function clip(key: unknown): string {
  const s = String(key);
  return s.length > 80 ? `${truncateText(s, { units: 77, bytes: 308 })}...` : s;
}
