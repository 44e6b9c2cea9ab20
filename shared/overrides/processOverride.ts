/**
 * A value that the code hosting the app may install before the app builds its dependencies, and
 * that the app reads when it builds them. It lives on globalThis rather than in a module variable
 * because the installer and the app need not share a module graph: the local host loads the app
 * with tsx's own require under vitest, which gives the app fresh copies of every shared/ module.
 */
export interface ProcessOverride<T> {
  get(): T | undefined;
  /** `undefined` removes the override. */
  set(value: T | undefined): void;
}

export function processOverride<T>(name: string): ProcessOverride<T> {
  const key = Symbol.for(`ailz.override.${name}`);
  const slots = globalThis as unknown as Record<symbol, T | undefined>;
  return {
    get: () => slots[key],
    set: (value) => {
      if (value === undefined) delete slots[key];
      else slots[key] = value;
    },
  };
}
