// The base of the "+12 credits vs HEAD" lens: the document as it was at a git revision, checked with
// today's settings. Git and the base's check run in the background; the lens shows what is known now
// (the last answer) and the lenses are refreshed when a new answer differs from it.
import type { CheckedDocument } from "../service/check";
import { checkSteps } from "../service/check";
import type { GitBase } from "./gitBase";
import { runInSlices } from "./slices";

export type Base = CheckedDocument | "new" | undefined;

export class CostDiffBases {
  /** Per document: the base text and settings last checked, and that check. */
  private readonly checks = new Map<string, { key: string; catalog: unknown; checked: Promise<CheckedDocument | undefined> }>();
  /** Per document: the base its lenses last showed. */
  private readonly shown = new Map<string, Base>();

  constructor(private readonly git: GitBase, private readonly onChanged: () => void) {}

  /** The base for the lens now: the new answer when it is known at once, else the last one shown. */
  async baseFor(uri: string, filePath: string, ref: string, checked: CheckedDocument): Promise<Base> {
    const answer = this.load(uri, filePath, ref, checked);
    const waiting = Symbol("waiting");
    const now = await Promise.race([answer, new Promise<typeof waiting>((resolve) => setImmediate(() => resolve(waiting)))]);
    if (now !== waiting) {
      this.shown.set(uri, now);
      return now;
    }
    const last = this.shown.get(uri);
    void answer.then((base) => {
      if (base === last) return;
      this.shown.set(uri, base);
      this.onChanged();
    });
    return last;
  }

  forget(uri: string): void {
    this.checks.delete(uri);
    this.shown.delete(uri);
  }

  private async load(uri: string, filePath: string, ref: string, checked: CheckedDocument): Promise<Base> {
    const base = await this.git.read(filePath, ref);
    if (base.state !== "found") return base.state === "new" ? "new" : undefined;
    // The base is re-checked only when its text or the settings it is priced with change.
    const { catalog, cost, rules } = checked.options;
    const key = JSON.stringify([base.text, cost, rules]);
    let cached = this.checks.get(uri);
    if (!cached || cached.key !== key || cached.catalog !== catalog) {
      const options = { ...checked.options, bestFixes: false };
      cached = { key, catalog, checked: runInSlices(checkSteps(base.text, options), () => false) };
      this.checks.set(uri, cached);
    }
    return cached.checked;
  }
}
