// The worker exports this class on `@azure/functions-core`; registerFunction/registerHook return it.
export class Disposable {
  #callOnDispose: (() => unknown) | undefined;

  static from(...inputs: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => {
      for (const d of inputs) d.dispose();
    });
  }

  constructor(callOnDispose: () => unknown) {
    this.#callOnDispose = callOnDispose;
  }

  dispose(): unknown {
    const fn = this.#callOnDispose;
    this.#callOnDispose = undefined;
    return fn?.();
  }
}
