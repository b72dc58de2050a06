// `gen fix` and `gen promote` never lose a user's bytes: a write that fails (the file size limit,
// a read-only folder or file) leaves the file as it was and exits 1; a file that changed since it
// was read is left alone; bytes that are not UTF-8 are kept; mode, owner and symlinks survive.
// Fixtures: copies of test/fixtures-cli/fix-diff (see fix.test.ts for its prices).
import * as assert from "assert";
import { spawnSync, SpawnSyncOptions } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { editBytes, unitOffsets } from "../../server/src/cli/byteEdits";
import { replaceFile } from "../../server/src/cli/replaceFile";
import { rewriteFile } from "../../server/src/cli/rewrite";
import { loadDefaultCatalog } from "../../server/src/catalog/catalog";
import { defaultCostSettings } from "../../server/src/cost/format";
import { checkDocument, CheckedDocument } from "../../server/src/service/check";
import { fixAll } from "../../server/src/service/fixes";
import { promoteDocument } from "../../server/src/service/promote";
import { fileHost, repoRoot } from "../support/render";

const fixtures = path.join(repoRoot, "test/fixtures-cli/fix-diff");
const cli = path.join(repoRoot, "dist/cli.js");
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

function run(command: string, args: string[], cwd: string, options: SpawnSyncOptions = {}) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, ...options });
  return { code: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}
const gen = (args: string[], cwd: string, options?: SpawnSyncOptions) => run(process.execPath, [cli, ...args], cwd, options);

// The fixes of draft.gen (fix.test.ts): 1080p → 540p, audio off, one take with the 1080p kept for the final.
const fixDraft = (text: string) =>
  text.replace("resolution: 1080p", "resolution: 540p").replace("audio: on", "audio: off").replace("count: 2", "count: 1\n    final { resolution: 1080p }");
const draft = fs.readFileSync(path.join(fixtures, "draft.gen"), "latin1");
const fixedOutput = "draft.gen: 3 fixes, saves 100 credits\nFixed 3 findings in 1 file: saves 100 credits\n";

describe("gen fix: nothing is lost", () => {
  let root: string;
  let dir: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "gen-fix-safety-"));
    dir = path.join(root, "work");
    fs.mkdirSync(dir);
    for (const name of ["gen.config.json", "draft.gen"]) fs.copyFileSync(path.join(fixtures, name), path.join(dir, name));
  });
  afterEach(() => {
    fs.chmodSync(dir, 0o755);
    fs.rmSync(root, { recursive: true, force: true });
  });

  const file = (name: string) => path.join(dir, name);
  const listing = () => fs.readdirSync(dir).sort();

  it("under a file size limit (ulimit -f) leaves the file whole, says why, and exits 1", () => {
    // 9,837 bytes, over the limit of 4 blocks (2 KB in dash, 4 KB in bash).
    const padded = draft + Array.from({ length: 120 }, (_, i) => `// note ${String(i).padStart(3, "0")}: a comment that makes this file longer than the limit\n`).join("");
    fs.writeFileSync(file("draft.gen"), padded, "latin1");
    const before = listing();
    const { code, stdout, stderr } = run("sh", ["-c", 'ulimit -f 4; exec "$0" "$@"', process.execPath, cli, "fix", "draft.gen"], dir);
    assert.strictEqual(stderr, "error cannot write draft.gen: EFBIG (its new size is over the file size limit, `ulimit -f`); it is unchanged\n");
    assert.strictEqual(stdout, "Fixed nothing: 1 file not written (see the errors above)\n");
    assert.strictEqual(code, 1);
    assert.strictEqual(fs.readFileSync(file("draft.gen"), "latin1"), padded);
    assert.deepStrictEqual(listing(), before, "the temporary file is removed");
  });

  it("gen promote under a file size limit leaves the file whole and exits 1", () => {
    const promote = path.join(repoRoot, "test/fixtures-cli/promote");
    for (const name of ["gen.config.json", "poster.gen"]) fs.copyFileSync(path.join(promote, name), file(name));
    const poster = fs.readFileSync(file("poster.gen"), "latin1") + "// padding\n".repeat(500);
    fs.writeFileSync(file("poster.gen"), poster, "latin1");
    const { code, stdout, stderr } = run("sh", ["-c", 'ulimit -f 4; exec "$0" "$@"', process.execPath, cli, "promote", "poster.gen"], dir);
    assert.strictEqual(stderr, "error cannot write poster.gen: EFBIG (its new size is over the file size limit, `ulimit -f`); it is unchanged\n");
    assert.strictEqual(stdout, "Promoted nothing: 1 file not written (see the errors above)\n");
    assert.strictEqual(code, 1);
    assert.strictEqual(fs.readFileSync(file("poster.gen"), "latin1"), poster);
  });

  it("keeps bytes that are not UTF-8, between fixes, on a fixed line, and in the --dry-run patch", () => {
    // \xe9 alone is not UTF-8 (a Latin-1 é); \xef\xbf\xbd is a real U+FFFD and stays one.
    const odd = draft
      .replace('prompt: "the kite climbs"', 'prompt: "the kite climbs" // caf\xe9')
      .replace("resolution: 1080p", "resolution: 1080p // na\xefve \xff\xfe")
      .replace("audio: on", "// cr\xe8me\n    audio: on")
      .replace("output shot", "// \xef\xbf\xbd stays\n  output shot");
    fs.writeFileSync(file("draft.gen"), odd, "latin1");
    const expected = fixDraft(odd);
    assert.ok(expected.includes("resolution: 540p // na\xefve \xff\xfe\n    // cr\xe8me\n    audio: off\n"));

    // --dry-run prints the file's own bytes, so the patch applies and gives the same bytes.
    const dry = spawnSync(process.execPath, [cli, "fix", "--dry-run", "draft.gen"], { cwd: dir, env: { ...process.env, NO_COLOR: "1" } });
    assert.strictEqual(dry.status, 0);
    const patch = dry.stdout.toString("latin1");
    assert.ok(patch.includes("\n     prompt: \"the kite climbs\" // caf\xe9\n"), patch);
    fs.writeFileSync(path.join(root, "fix.patch"), dry.stdout);
    const applied = run("git", ["apply", path.join(root, "fix.patch")], dir, { env: { ...process.env, GIT_CEILING_DIRECTORIES: root } });
    assert.strictEqual(applied.stderr, "");
    assert.strictEqual(fs.readFileSync(file("draft.gen"), "latin1"), expected);

    fs.writeFileSync(file("draft.gen"), odd, "latin1");
    const { code, stdout, stderr } = gen(["fix", "draft.gen"], dir);
    assert.strictEqual(stderr, "");
    assert.strictEqual(stdout, fixedOutput);
    assert.strictEqual(code, 0);
    assert.strictEqual(fs.readFileSync(file("draft.gen"), "latin1"), expected);
  });

  it("removes a stage with its bytes that are not UTF-8, and keeps those of the stage beside it", () => {
    const extra = [
      'pipeline "extra" {',
      '  brief { goal: "one st\xeell" }',
      '  image keep { model: test-image prompt: "caf\xe9" }  image spare { model: test-image prompt: "na\xefve \xff" count: 2 }',
      "  output keep",
      "}",
      "",
    ].join("\n");
    fs.writeFileSync(file("extra.gen"), extra, "latin1");
    const { code, stdout, stderr } = gen(["fix", "extra.gen"], dir);
    assert.strictEqual(stderr, "");
    assert.strictEqual(stdout, "extra.gen: 1 fix, saves 2 credits\nFixed 1 finding in 1 file: saves 2 credits\n");
    assert.strictEqual(code, 0);
    assert.strictEqual(fs.readFileSync(file("extra.gen"), "latin1"), extra.replace('  image spare { model: test-image prompt: "na\xefve \xff" count: 2 }', ""));
  });

  it("refuses to guess which bytes that are not UTF-8 to keep, and says where", () => {
    // Not a change gen makes: one that rewrites a long line holding such a byte and writes a U+FFFD.
    const before = "ok\n\uFFFD" + "x".repeat(6000) + "\n";
    fs.writeFileSync(file("odd.gen"), Buffer.concat([Buffer.from("ok\n\xe9", "latin1"), Buffer.from("x".repeat(6000) + "\n")]));
    const errors: string[] = [];
    const error = console.error;
    console.error = (message: string) => errors.push(message.replace(/\u001b\[[0-9;]*m/g, "")); // no colours on a terminal
    try {
      assert.strictEqual(rewriteFile(file("odd.gen"), before, "ok\n" + "y".repeat(6000) + "\uFFFD\n", false, "fix"), false);
    } finally {
      console.error = error;
    }
    const name = file("odd.gen");
    assert.deepStrictEqual(errors, [
      `error gen fix would rewrite line 2 of ${name}, which holds bytes that are not UTF-8, and cannot tell which of them to keep; ${name} is unchanged: save it as UTF-8 and run gen fix again`,
    ]);
    assert.strictEqual(fs.readFileSync(name, "latin1"), "ok\n\xe9" + "x".repeat(6000) + "\n");
  });

  it("keeps the file's mode, and its owner where it may", () => {
    fs.chmodSync(file("draft.gen"), 0o640);
    if (isRoot) fs.chownSync(file("draft.gen"), NOBODY, NOBODY);
    const { uid, gid } = fs.statSync(file("draft.gen"));
    assert.strictEqual(gen(["fix", "draft.gen"], dir).stdout, fixedOutput);
    const after = fs.statSync(file("draft.gen"));
    assert.strictEqual((after.mode & 0o7777).toString(8), "640");
    assert.deepStrictEqual([after.uid, after.gid], [uid, gid]);
    assert.strictEqual(fs.readFileSync(file("draft.gen"), "latin1"), fixDraft(draft));
  });

  it("writes through a symlink to its target, and the link stays a link", () => {
    fs.mkdirSync(file("real"));
    fs.renameSync(file("draft.gen"), file("real/draft.gen"));
    fs.symlinkSync("real/draft.gen", file("draft.gen"));
    assert.strictEqual(gen(["fix", "draft.gen"], dir).stdout, fixedOutput);
    assert.ok(fs.lstatSync(file("draft.gen")).isSymbolicLink());
    assert.strictEqual(fs.readlinkSync(file("draft.gen")), "real/draft.gen");
    assert.strictEqual(fs.readFileSync(file("real/draft.gen"), "latin1"), fixDraft(draft));
    assert.deepStrictEqual(fs.readdirSync(file("real")), ["draft.gen"]);
  });

  /** Runs gen as an unprivileged user: as `nobody` when the tests run as root (root ignores permissions). */
  function genUnprivileged(this: Mocha.Context, args: string[]) {
    if (!isRoot) return gen(args, dir);
    // `nobody` may not reach the checkout: it runs a copy of the bundle from the test's own folder.
    const copy = path.join(root, "cli.js");
    fs.copyFileSync(cli, copy);
    fs.chmodSync(root, 0o755);
    for (const name of fs.readdirSync(dir)) fs.chownSync(file(name), NOBODY, NOBODY);
    const options = { uid: NOBODY, gid: NOBODY };
    if (spawnSync(process.execPath, ["-e", ""], options).status !== 0) this.skip(); // node itself out of reach
    return run(process.execPath, [copy, ...args], dir, options);
  }

  it("in a folder it may not write to: says so, leaves the file, exits 1", function () {
    fs.chmodSync(dir, 0o555);
    const { code, stdout, stderr } = genUnprivileged.call(this, ["fix", "draft.gen"]);
    assert.strictEqual(
      stderr,
      "error cannot write draft.gen: EACCES (gen cannot create a file in its folder: it writes the new text beside the file, then renames it over the file); it is unchanged\n",
    );
    assert.strictEqual(stdout, "Fixed nothing: 1 file not written (see the errors above)\n");
    assert.strictEqual(code, 1);
    assert.strictEqual(fs.readFileSync(file("draft.gen"), "latin1"), draft);
  });

  it("a read-only file stays read-only and unchanged", function () {
    fs.chmodSync(file("draft.gen"), 0o444);
    const { code, stderr } = genUnprivileged.call(this, ["fix", "draft.gen"]);
    assert.strictEqual(stderr, "error cannot write draft.gen: EACCES (the file is read-only); it is unchanged\n");
    assert.strictEqual(code, 1);
    assert.strictEqual(fs.readFileSync(file("draft.gen"), "latin1"), draft);
    assert.deepStrictEqual(listing(), ["draft.gen", "gen.config.json"]);
  });

  it("refuses to replace a file that changed after it was read, and removes its temporary file", () => {
    const read = fs.readFileSync(file("draft.gen"));
    fs.appendFileSync(file("draft.gen"), "// typed meanwhile\n");
    assert.strictEqual(replaceFile(file("draft.gen"), read, Buffer.from(fixDraft(draft))), "changed");
    assert.strictEqual(fs.readFileSync(file("draft.gen"), "latin1"), draft + "// typed meanwhile\n");
    assert.deepStrictEqual(listing(), ["draft.gen", "gen.config.json"]);
    // Unchanged since it was read, it is replaced.
    assert.strictEqual(replaceFile(file("draft.gen"), fs.readFileSync(file("draft.gen")), Buffer.from("new")), "replaced");
    assert.strictEqual(fs.readFileSync(file("draft.gen"), "latin1"), "new");
    assert.deepStrictEqual(listing(), ["draft.gen", "gen.config.json"]);
  });
});

describe("editing bytes, not text", () => {
  const latin1 = (text: string) => Buffer.from(text, "latin1");

  it("maps offsets in the text as Node decodes it back to the bytes (random bytes)", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    // Bytes that make every kind of sequence: ASCII, lead bytes, continuations, invalid ones.
    const alphabet = [0x41, 0x0a, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0xbb, 0xbd];
    for (let round = 0; round < 300; round++) {
      const body = Buffer.from(Array.from({ length: Math.floor(random() * 24) }, () => alphabet[Math.floor(random() * alphabet.length)]));
      const text = body.toString("utf8");
      const offsets = unitOffsets(body, text);
      assert.ok(offsets, `decodes ${body.toString("hex")}`);
      for (let at = 0; at <= text.length; at++) {
        if (offsets[at] < 0) continue; // inside a surrogate pair
        assert.strictEqual(body.subarray(0, offsets[at]).toString("utf8"), text.slice(0, at), `${body.toString("hex")} at ${at}`);
      }
      assert.strictEqual(unitOffsets(body, text + "x"), undefined);
    }
  });

  it("keeps the very bytes that are not UTF-8 that the changes kept, or refuses (random changes)", () => {
    let seed = 5;
    const random = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * n);
    // Tokens that decode on their own, whatever follows them: ASCII, valid characters, invalid bytes.
    const valid = ["a", "b", " ", "é", "€", "😀"].map((text) => Buffer.from(text));
    const invalid = [[0xff], [0xfe], [0xc0], [0xe9], [0xf0, 0x9f]].map((bytes) => Buffer.from(bytes));
    const join = (lines: Buffer[][]) => Buffer.concat(lines.flatMap((line) => [...line, Buffer.from("\n")]));
    const runs: Record<string, { rounds: number; refused: number }> = {};
    for (let round = 0; round < 2000; round++) {
      // Files of a few lines or of hundreds, where up to one token in two is invalid (dense) or one in 30
      // (sparse). As a fix does, the change makes at most one contiguous edit per line (a deletion, an
      // insertion or a replacement, with valid text), on half the lines.
      const kind = `${round % 2 ? "dense" : "sparse"} ${round % 10 < 2 ? "long" : "short"}`;
      const odds = kind.startsWith("dense") ? 2 + (round % 10) : 30;
      const count = kind.endsWith("long") ? 100 + random(200) : 1 + random(6);
      const token = () => (random(odds) === 0 ? invalid[random(invalid.length)] : valid[random(valid.length)]);
      const lines = Array.from({ length: count }, () => Array.from({ length: 4 + random(12) }, token));
      const changed = lines.map((line) => {
        if (random(2)) return line;
        const copy = line.slice();
        copy.splice(random(copy.length + 1), random(4), ...Array.from({ length: random(4) }, () => valid[random(valid.length)]));
        return copy;
      });
      const body = join(lines);
      const result = editBytes(body, body.toString("utf8"), join(changed).toString("utf8"));
      const run = (runs[kind] ??= { rounds: 0, refused: 0 });
      run.rounds++;
      // Refused: which bytes a change dropped could not be told from the texts.
      if ("bytes" in result) assert.strictEqual(result.bytes.toString("hex"), join(changed).toString("hex"), body.toString("hex"));
      else run.refused++;
    }
    // Refusals stay rare where such bytes are rare (here: 2% of short files, 17% of long ones, where
    // half the lines change; a real fix changes a few). Dense long files are mostly refused.
    assert.ok(runs["sparse short"].refused <= runs["sparse short"].rounds / 20, JSON.stringify(runs));
    assert.ok(runs["sparse long"].refused <= runs["sparse long"].rounds / 4, JSON.stringify(runs));
    assert.ok(runs["dense short"].refused <= runs["dense short"].rounds / 10, JSON.stringify(runs));
  });

  it("keeps bytes that are not UTF-8 put in the comments and strings of the samples, through fix-all and promote", () => {
    const folders = [path.join(repoRoot, "samples"), path.join(repoRoot, "test/fixtures")];
    const files = folders.flatMap((folder) => fs.readdirSync(folder).filter((name) => name.endsWith(".gen")).map((name) => path.join(folder, name)));
    let seed = 3;
    const random = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * n);
    // The same file twice: with ¤ and ¦ (valid UTF-8), and with the bytes \xe9 and \xff in their place.
    const asBytes = (text: string) => Buffer.from(Buffer.from(text).toString("latin1").replace(/\xc2\xa4/g, "\xe9").replace(/\xc2\xa6/g, "\xff"), "latin1");
    const changes = [(document: CheckedDocument) => fixAll(document).text, (document: CheckedDocument) => promoteDocument(document, loadDefaultCatalog()).text];
    let checked = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, "utf8");
      const spots = [...text.matchAll(/\/\/[^\n]*|"[^"\n]*"/g)].flatMap((m) => Array.from({ length: m[0].length - 3 }, (_, i) => m.index! + 2 + i));
      const check = (source: string) => checkDocument(source, { path: file, host: fileHost, cost: defaultCostSettings });
      for (const change of changes) {
        if (spots.length === 0 || change(check(text)) === text) continue;
        for (let trial = 0; trial < 6; trial++) {
          let marked = text;
          for (const at of [...new Set(Array.from({ length: 1 + random(4) }, () => spots[random(spots.length)]))].sort((a, b) => b - a)) {
            marked = marked.slice(0, at) + (random(2) ? "\u00a4" : "\u00a6") + marked.slice(at);
          }
          const body = asBytes(marked);
          const before = body.toString("utf8");
          const result = editBytes(body, before, change(check(before)));
          assert.ok("bytes" in result, `${file}: ${JSON.stringify(result)}`);
          assert.strictEqual(result.bytes.toString("latin1"), asBytes(change(check(marked))).toString("latin1"), file);
          checked++;
        }
      }
    }
    assert.ok(checked > 300, `${checked} files changed`);
  });

  it("keeps invalid bytes outside the changes and between them", () => {
    const body = latin1("a: 1 // caf\xe9\nb: 2\n// \xff\nc: 3\n");
    const before = body.toString("utf8");
    const after = before.replace("a: 1", "a: 10").replace("c: 3", "c: 30");
    assert.deepStrictEqual(editBytes(body, before, after), { bytes: latin1("a: 10 // caf\xe9\nb: 2\n// \xff\nc: 30\n") });
  });

  it("keeps an invalid byte that a change moves, when the change is small enough to align", () => {
    const body = latin1("a: 1\nname: caf\xe9\n");
    const after = "name: caf\uFFFD 2\na: 1\n";
    assert.deepStrictEqual(editBytes(body, body.toString("utf8"), after), { bytes: latin1("name: caf\xe9 2\na: 1\n") });
  });

  it("refuses, naming the line, when a change would write invalid bytes as U+FFFD", () => {
    // One change over thousands of characters is not aligned character by character: its U+FFFD
    // may or may not be the byte it replaced, so the file is not rewritten.
    const body = latin1("ok\n\xe9" + "x".repeat(6000) + "\n");
    const after = "ok\n" + "y".repeat(6000) + "\uFFFD\n";
    assert.deepStrictEqual(editBytes(body, body.toString("utf8"), after), { notUtf8Line: 2 });
  });

  it("takes a valid UTF-8 file's new text as it is", () => {
    const before = "caf\u00e9 \u{1F600} \uFFFD\n";
    const after = "caf\u00e9 \u{1F601} \uFFFD!\n";
    assert.deepStrictEqual(editBytes(Buffer.from(before), before, after), { bytes: Buffer.from(after) });
  });
});
