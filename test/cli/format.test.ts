// `gen format` run as a process on files in a temporary folder.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "../support/render";

function gen(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [path.join(repoRoot, "dist/cli.js"), ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const messy = 'pipeline "p" {\n    budget:  10 credits\n  image a { model:imagen-4-fast prompt: "a" }\n\n\n\n    output a\n}';
const tidy = 'pipeline "p" {\n  budget: 10 credits\n  image a { model: imagen-4-fast prompt: "a" }\n\n  output a\n}\n';
const broken = 'pipeline "b" {\n    image a { model imagen-4-fast }\n';

describe("gen format", () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  const read = (name: string) => fs.readFileSync(file(name), "utf8");
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gen-format-"));
    fs.writeFileSync(file("messy.gen"), messy);
    fs.writeFileSync(file("tidy.gen"), tidy);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("formats every file under the folder in place, names the ones it changed, and changes nothing the second time", () => {
    const { code, stdout, stderr } = gen(["format"], dir);
    assert.strictEqual(stderr, "");
    assert.strictEqual(code, 0);
    assert.strictEqual(stdout, "messy.gen\nFormatted 1 of 2 files\n");
    assert.strictEqual(read("messy.gen"), tidy);
    assert.strictEqual(read("tidy.gen"), tidy);
    assert.deepStrictEqual(gen(["format", "."], dir), { code: 0, stdout: "Nothing to format in 2 files\n", stderr: "" });
  });

  it("with --check changes nothing, lists the files that are not formatted, and exits 1", () => {
    const { code, stdout, stderr } = gen(["format", "--check"], dir);
    assert.strictEqual(stderr, "");
    assert.strictEqual(code, 1);
    assert.strictEqual(stdout, "messy.gen\n1 of 2 files is not formatted: run gen format to format it\n");
    assert.strictEqual(read("messy.gen"), messy);
    assert.deepStrictEqual(gen(["format", "--check", "tidy.gen"], dir), { code: 0, stdout: "Every file is formatted (1 file)\n", stderr: "" });
  });

  it("leaves a file with syntax errors as it is, names its first error, formats the others, and exits 1", () => {
    fs.writeFileSync(file("broken.gen"), broken);
    const written = gen(["format"], dir);
    assert.strictEqual(written.code, 1);
    assert.strictEqual(written.stderr, "error broken.gen has 2 syntax errors, so it was not formatted; the first, at 2:15: expected `:` after `model`, like `model: value`\n");
    assert.strictEqual(written.stdout, "messy.gen\nFormatted 1 of 3 files; 1 not formatted (see the errors above)\n");
    assert.strictEqual(read("broken.gen"), broken);
    assert.strictEqual(read("messy.gen"), tidy);

    const checked = gen(["format", "--check"], dir);
    assert.strictEqual(checked.code, 1);
    assert.match(checked.stderr, /^error broken\.gen has 2 syntax errors/);
    assert.strictEqual(checked.stdout, "Every file checked is formatted; 1 could not be checked (see the errors above)\n");
  });

  it("leaves out of a folder's scan the files a gen.config.json lists under format.ignore, but not a file named", () => {
    fs.mkdirSync(file("mistakes"));
    fs.writeFileSync(file("mistakes/broken.gen"), broken);
    fs.writeFileSync(file("mistakes/messy.gen"), messy);
    fs.writeFileSync(file("gen.config.json"), '{ "format": { "ignore": ["mistakes/"] } }');
    fs.writeFileSync(file("messy.gen"), tidy);
    assert.deepStrictEqual(gen(["format", "--check"], dir), { code: 0, stdout: "Every file is formatted (2 files)\n", stderr: "" });
    const named = gen(["format", "--check", "mistakes/messy.gen"], dir);
    assert.deepStrictEqual([named.code, named.stdout], [1, "mistakes/messy.gen\n1 of 1 file is not formatted: run gen format to format it\n"]);
  });

  it("keeps CRLF line endings, a byte-order mark and bytes that are not UTF-8", () => {
    const latin1 = Buffer.from("// caf\xe9 in Latin-1\r\n", "latin1");
    fs.writeFileSync(file("messy.gen"), Buffer.concat([Buffer.from("\uFEFF", "utf8"), latin1, Buffer.from(messy.replace(/\n/g, "\r\n"), "utf8")]));
    const { code, stdout } = gen(["format", "messy.gen"], dir);
    assert.strictEqual(code, 0);
    assert.strictEqual(stdout, "messy.gen\nFormatted 1 of 1 file\n");
    const expected = Buffer.concat([Buffer.from("\uFEFF", "utf8"), latin1, Buffer.from(tidy.replace(/\n/g, "\r\n"), "utf8")]);
    assert.deepStrictEqual(fs.readFileSync(file("messy.gen")), expected);
  });

  it("indents as --tab-size and --use-tabs say", () => {
    const nested = 'pipeline "p" {\nimage a {\nmodel: imagen-4-fast\n}\n}\n';
    fs.writeFileSync(file("nested.gen"), nested);
    assert.strictEqual(gen(["format", "--tab-size", "4", "nested.gen"], dir).code, 0);
    assert.strictEqual(read("nested.gen"), 'pipeline "p" {\n    image a {\n        model: imagen-4-fast\n    }\n}\n');
    // Formatted with four spaces, the file is formatted for --check with four, not with the default two.
    assert.strictEqual(gen(["format", "--check", "--tab-size", "4", "nested.gen"], dir).code, 0);
    assert.strictEqual(gen(["format", "--check", "nested.gen"], dir).code, 1);
    assert.strictEqual(gen(["format", "--use-tabs", "nested.gen"], dir).code, 0);
    assert.strictEqual(read("nested.gen"), 'pipeline "p" {\n\timage a {\n\t\tmodel: imagen-4-fast\n\t}\n}\n');
  });

  it("reports a path it cannot read, formats the others, and exits 1", () => {
    const { code, stdout, stderr } = gen(["format", "missing.gen", "messy.gen"], dir);
    assert.strictEqual(code, 1);
    assert.strictEqual(stderr, "error cannot read missing.gen: ENOENT\n");
    assert.strictEqual(stdout, "messy.gen\nFormatted 1 of 1 file; 1 not formatted (see the errors above)\n");
  });

  it("says how to use it: --help, a bad --tab-size, an unknown option", () => {
    const help = gen(["format", "--help"], dir);
    assert.strictEqual(help.code, 0);
    assert.match(help.stdout, /^Usage: gen format \[options\] \[paths…\]/);
    assert.match(help.stdout, /--check/);
    assert.match(help.stdout, /Exit codes: 0 every file is formatted/);
    assert.match(gen(["--help"], dir).stdout, /format \[paths…\] +Lay out \.gen files/);
    const bad = gen(["format", "--tab-size", "two"], dir);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /^gen format: --tab-size takes a whole number from 1 to 16, not `two`/);
    assert.strictEqual(gen(["format", "--fast"], dir).code, 2);
    assert.strictEqual(read("messy.gen"), messy);
  });
});
