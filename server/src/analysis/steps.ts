// Long work as a sequence of steps. A generator that yields between steps can be run to the end at once
// (`finish`, the CLI) or a slice at a time (the language server, which answers other requests between
// slices and drops the work when the text it checks is replaced).

/** Work that yields between its steps and returns a `T` at the end. */
export type Steps<T> = Generator<void, T, void>;

/** Runs every step at once. */
export function finish<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}
