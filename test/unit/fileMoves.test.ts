// The `use` lines kept naming their files when .gen files or folders are renamed or moved: each case gives
// the files before, the moves, and the text every changed file must read after the edits (a file not
// listed in `after` must get no edit at all).
import * as assert from "assert";
import * as path from "path";
import { applyEdits } from "../../server/src/rules/edits";
import { FileMove, PathOps, useEditsForMoves } from "../../server/src/service/fileMoves";

const pipeline = 'pipeline "p" {\n  image a { model: photon-flash-1 prompt: "lib.gen" use: look }\n}\n';

interface Case {
  name: string;
  files: Record<string, string>;
  moves: FileMove[];
  after: Record<string, string>;
  paths?: PathOps;
  /** Where `use` may read: the folder files may `use` from (the workspace folder). */
  workspace?: string;
}

const cases: Case[] = [
  {
    name: "a file moved into a subfolder: the file that uses it follows, its comment and prompt untouched",
    files: { "/w/main.gen": `use "lib.gen"  // lib.gen\n${pipeline}` },
    moves: [{ from: "/w/lib.gen", to: "/w/shared/lib.gen" }],
    after: { "/w/main.gen": `use "shared/lib.gen"  // lib.gen\n${pipeline}` },
  },
  {
    name: "a folder renamed: the files using one inside it follow; files inside keep the paths that still resolve",
    files: {
      "/w/main.gen": `use "lib/brand.gen"\nuse "lib/deep/night.gen"\n${pipeline}`,
      "/w/lib/brand.gen": 'use "deep/night.gen"\nuse "../common.gen"\npreset look { style: "x" }\n',
      "/w/lib/deep/night.gen": 'use "../brand.gen"\n',
    },
    moves: [{ from: "/w/lib", to: "/w/presets" }],
    after: { "/w/main.gen": `use "presets/brand.gen"\nuse "presets/deep/night.gen"\n${pipeline}` },
  },
  {
    name: "a file renamed in its folder: `./` kept, every line that names it",
    files: {
      "/w/a.gen": `use "./brand.gen"\n${pipeline}`,
      "/w/b.gen": `use "brand.gen"\nuse "other.gen"\n${pipeline}`,
    },
    moves: [{ from: "/w/brand.gen", to: "/w/look.gen" }],
    after: { "/w/a.gen": `use "./look.gen"\n${pipeline}`, "/w/b.gen": `use "look.gen"\nuse "other.gen"\n${pipeline}` },
  },
  {
    name: "a `use` that resolves to another file of that name is left alone",
    files: { "/w/sub/main.gen": `use "lib.gen"\n${pipeline}`, "/w/main.gen": `use "sub/../lib.gen"\n${pipeline}` },
    moves: [{ from: "/w/lib.gen", to: "/w/old/lib.gen" }],
    after: { "/w/main.gen": `use "old/lib.gen"\n${pipeline}` },
  },
  {
    name: "the moved file's own relative `use` lines resolve from its new folder",
    files: { "/w/main.gen": `use "lib/brand.gen"\nuse "./common.gen"\nuse "/w/abs.gen"\n${pipeline}` },
    moves: [{ from: "/w/main.gen", to: "/w/pipelines/teaser/main.gen" }],
    after: { "/w/main.gen": `use "../../lib/brand.gen"\nuse "../../common.gen"\nuse "/w/abs.gen"\n${pipeline}` },
  },
  {
    name: "a file and the file it uses moved together, and a path written absolute stays absolute",
    files: { "/w/main.gen": `use "lib.gen"\n${pipeline}`, "/w/other.gen": `use "/w/lib.gen"\n${pipeline}` },
    moves: [{ from: "/w/main.gen", to: "/w/a/main.gen" }, { from: "/w/lib.gen", to: "/w/b/lib.gen" }],
    after: { "/w/main.gen": `use "../b/lib.gen"\n${pipeline}`, "/w/other.gen": `use "/w/b/lib.gen"\n${pipeline}` },
  },
  {
    name: "a file moved out of the workspace: the lines that `use` it are left as written, as `use` cannot read it there",
    workspace: "/w",
    files: { "/w/main.gen": `use "lib.gen"\n${pipeline}`, "/w/sub.gen": `use "x/lib.gen"\n${pipeline}` },
    moves: [{ from: "/w/lib.gen", to: "/elsewhere/lib.gen" }, { from: "/w/x", to: "/w/y" }],
    after: { "/w/sub.gen": `use "y/lib.gen"\n${pipeline}` },
  },
  {
    name: "a path with a quote or a backslash in it is escaped; an unterminated `use` is left alone",
    files: { "/w/main.gen": `use "lib.gen"\nuse "lib.gen\n${pipeline}` },
    moves: [{ from: "/w/lib.gen", to: '/w/say "hi"\\lib.gen' }],
    after: { "/w/main.gen": `use "say \\"hi\\"\\\\lib.gen"\nuse "lib.gen\n${pipeline}` },
  },
  {
    name: "Windows paths: written back with forward slashes",
    paths: path.win32,
    files: { "C:\\w\\main.gen": `use "lib/brand.gen"\n${pipeline}` },
    moves: [{ from: "C:\\w\\lib", to: "C:\\w\\shared\\presets" }],
    after: { "C:\\w\\main.gen": `use "shared/presets/brand.gen"\n${pipeline}` },
  },
];

describe("use lines when files move", () => {
  for (const c of cases) {
    it(c.name, () => {
      const paths = c.paths ?? path.posix;
      const files = Object.entries(c.files).map(([file, text]) => ({ path: file, text }));
      const mayRead = c.workspace ? (_user: string, target: string) => !path.posix.relative(c.workspace!, target).startsWith("..") : undefined;
      const edited = useEditsForMoves(files, c.moves, paths, { mayRead });
      const after = Object.fromEntries(edited.map((file) => [file.path, applyEdits(file.text, file.edits)]));
      assert.deepStrictEqual(after, c.after);
    });
  }
});
