// A file's text at a git revision, for the "+12 credits vs HEAD" code lens.
// Read with git itself, and remembered briefly so typing does not spawn git.
import { execFileSync } from "child_process";
import * as path from "path";

/** How long a revision's text is trusted before git is asked again (a commit moves HEAD). */
const FRESH_MS = 10_000;

export type BaseText =
  | { state: "outside" } // not in a git repository, or the revision is unknown: show nothing
  | { state: "new" } // in a repository, but not at the revision
  | { state: "found"; text: string };

export class GitBase {
  private readonly cache = new Map<string, { at: number; base: BaseText }>();

  read(filePath: string, ref: string): BaseText {
    const key = `${ref}\0${filePath}`;
    const cached = this.cache.get(key);
    if (cached && Date.now() - cached.at < FRESH_MS) return cached.base;
    const base = this.ask(filePath, ref);
    this.cache.set(key, { at: Date.now(), base });
    return base;
  }

  private ask(filePath: string, ref: string): BaseText {
    const cwd = path.dirname(filePath);
    const git = (args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5000 });
    try {
      const root = git(["rev-parse", "--show-toplevel"]).trim();
      git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]);
      const relative = path.relative(root, filePath).split(path.sep).join("/");
      try {
        return { state: "found", text: git(["cat-file", "blob", `${ref}:${relative}`]) };
      } catch {
        return { state: "new" };
      }
    } catch {
      return { state: "outside" };
    }
  }
}
