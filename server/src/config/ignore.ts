// Paths a config's `format.ignore` names, gitignore-style: `mistakes/` is a folder, `*.draft.gen` a name
// at any depth, `/examples/**/old-*.gen` a path from the config's folder. Pure: the caller gives the path
// relative to that folder, with `/` between its parts.

/** One pattern as a test of a relative path: the path itself or a folder above it matches. */
function patternTest(pattern: string): RegExp {
  let body = pattern.trim();
  const anchored = body.startsWith("/") || body.slice(0, -1).includes("/");
  body = body.replace(/^\/+/, "").replace(/\/+$/, "");
  const source = body
    .split("/")
    .map((part) => (part === "**" ? "\u0000" : part.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]")))
    .join("/")
    .replace(/\u0000\//g, "(?:.*/)?")
    .replace(/\/\u0000/g, "(?:/.*)?")
    .replace(/\u0000/g, ".*");
  return new RegExp(`^${anchored ? "" : "(?:.*/)?"}${source}(?:/.*)?$`);
}

/** Whether `relative` (from the config's folder, `/`-separated) is one the patterns name, or lies in a folder they name. */
export function isIgnored(patterns: readonly string[], relative: string): boolean {
  if (relative.startsWith("../") || relative === "..") return false;
  return patterns.some((pattern) => pattern.trim() !== "" && patternTest(pattern).test(relative));
}
