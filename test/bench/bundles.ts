// What ships: the size of each bundle in dist/ (as `npm run bench` builds it: with source maps beside
// them, not minified; `npm run package` minifies), and gzipped, as it travels in the .vsix.
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { repoRoot } from "../protocol/lspClient";

export interface Bundle {
  file: string;
  bytes: number;
  gzipBytes: number;
  minified: boolean;
}

export function bundleSizes(): Bundle[] {
  const dist = path.join(repoRoot, "dist");
  return fs
    .readdirSync(dist)
    .filter((file) => file.endsWith(".js"))
    .sort()
    .map((file) => {
      const bytes = fs.readFileSync(path.join(dist, file));
      const text = bytes.toString("utf8");
      // A minified bundle has few, long lines.
      const minified = text.length / Math.max(1, text.split("\n").length) > 500;
      return { file: `dist/${file}`, bytes: bytes.length, gzipBytes: zlib.gzipSync(bytes).length, minified };
    });
}
