// Bundles the extension client, the language server and the CLI (node, CommonJS).
//   node esbuild.mjs               dist/client.js, dist/server.js and dist/cli.js, with source maps
//   node esbuild.mjs --production  minified, for packaging
//   node esbuild.mjs --watch       rebuilds on change
//   node esbuild.mjs --tests       also test/**/*.test.ts, test/bench and test/fuzz/run.ts to out/test, for mocha
import * as esbuild from "esbuild";
import * as fs from "node:fs";

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");
const tests = process.argv.includes("--tests");

const common = {
  bundle: true,
  // ESM builds first: jsonc-parser's UMD build hides its requires from the bundler.
  mainFields: ["module", "main"],
  format: "cjs",
  platform: "node",
  target: "node18",
  sourcemap: true,
  logLevel: "warning",
};

const builds = [
  {
    ...common,
    entryPoints: { client: "client/src/extension.ts", server: "server/src/lsp/main.ts", cli: "server/src/cli/main.ts" },
    outdir: "dist",
    external: ["vscode"],
    sourcesContent: !production,
    minify: production,
  },
];

if (tests) {
  const entryPoints = fs
    .readdirSync("test", { recursive: true })
    .map(String)
    .filter((file) => file.endsWith(".test.ts") || file === "bench/bench.ts" || file === "fuzz/run.ts")
    .map((file) => `test/${file}`);
  // Test bundles hold our code only; packages load from node_modules as usual.
  builds.push({ ...common, entryPoints, outdir: "out/test", outbase: "test", packages: "external" });
}

for (const options of builds) {
  if (watch) await (await esbuild.context(options)).watch();
  else await esbuild.build(options);
}
