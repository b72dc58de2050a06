// Random edits of texts, each checked from the text's own check (as the server checks the next version)
// and from scratch: for tests that what a request answers after an edit equals what it answers afresh.
import fc from "fast-check";
import { asPrevious, checkDocument, CheckedDocument, CheckOptions } from "../../server/src/service/check";

export interface EditedChecks {
  /** The check of the text before the edit, after `ask` has read it (as an editor asks after each version). */
  before: CheckedDocument;
  /** The check of the edited text made from `before`'s. */
  after: CheckedDocument;
  /** The check of the edited text from scratch. */
  scratch: CheckedDocument;
}

/**
 * For `runs` random edits (at a random place of one of `texts`, up to 3 characters deleted and one of
 * `snippets` inserted): `ask` on the check before the edit, then `compare` the checks after it. Checked
 * without best fixes unless `options` say otherwise.
 */
export function afterRandomEdits(
  texts: string[], snippets: string[], runs: number, ask: (before: CheckedDocument) => void, compare: (checks: EditedChecks) => void,
  options: CheckOptions = { bestFixes: false },
): void {
  fc.assert(
    fc.property(fc.noBias(fc.nat(texts.length - 1)), fc.noBias(fc.nat(1 << 20)), fc.nat(3), fc.constantFrom(...snippets), (which, where, deleted, inserted) => {
      const text = texts[which];
      const at = where % (text.length + 1);
      const edited = text.slice(0, at) + inserted + text.slice(at + deleted);
      const before = checkDocument(text, options);
      ask(before);
      const after = checkDocument(edited, { ...options, previous: asPrevious(before) });
      compare({ before, after, scratch: checkDocument(edited, options) });
    }),
    { seed: 20261130, numRuns: runs },
  );
}
