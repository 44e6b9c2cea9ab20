import { AI_RESOURCE_TYPES } from "./aiResourceTypes";

const AI_TYPES: ReadonlySet<string> = new Set(AI_RESOURCE_TYPES);

/** Whether shadowAi and aiHardening judge resources of this type at all. */
export const isAiResourceType = (type: string): boolean => AI_TYPES.has(type.toLowerCase());
