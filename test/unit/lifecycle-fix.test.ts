// A deprecated or retired model's quick fix: its catalog `replacement` written in its place, only when
// the replacement makes what the stage asks for; otherwise the message says what it lacks and no fix.
import * as assert from "assert";
import { applyEdits } from "../../server/src/rules/edits";
import { fixesAt } from "../../server/src/service/fixes";
import { checkDocument } from "../../server/src/service/check";
import { createCatalog, loadDefaultCatalog } from "../../server/src/catalog/catalog";
import { defaultCostSettings } from "../../server/src/cost/format";
import { completionsAt } from "../../server/src/service/completion";
import { modelHover } from "../../server/src/service/hover";
import { today } from "../../server/src/host/today";

const cases: { name: string; text: string; severity: "error" | "warning"; fixed?: string; message: RegExp }[] = [
  {
    name: "retired sora-2 at 8 s becomes veo-3.1-fast (it makes 8 s clips)",
    text: 'pipeline "p" { video v { model: sora-2 duration: 8s prompt: "x" } }',
    severity: "error",
    fixed: 'pipeline "p" { video v { model: veo-3.1-fast duration: 8s prompt: "x" } }',
    message: /^`sora-2` is retired: it cannot be called since 2026-09-24; use `veo-3\.1-fast` instead$/,
  },
  {
    name: "retired kling-v2-1-master at 10 s becomes kling-v3 (3 s to 15 s)",
    text: 'pipeline "p" { video v { model: kling-v2-1-master duration: 10s prompt: "x" } }',
    severity: "error",
    fixed: 'pipeline "p" { video v { model: kling-v3 duration: 10s prompt: "x" } }',
    message: /use `kling-v3` instead$/,
  },
  {
    name: "retired sora-2 at 1280x720: veo-3.1-fast does not offer that size, so no fix",
    text: 'pipeline "p" { video v { model: sora-2 duration: 8s resolution: 1280x720 prompt: "x" } }',
    severity: "error",
    message: /use `veo-3\.1-fast` instead \(but `veo-3\.1-fast` does not offer 1280x720: change the stage to match\)$/,
  },
  {
    name: "retired sora-2-pro at 12 s: veo-3.1 makes 4, 6 or 8 s, so no fix",
    text: 'pipeline "p" { video v { model: sora-2-pro duration: 12s prompt: "x" } }',
    severity: "error",
    message: /\(but `veo-3\.1` does not make 12s clips: change the stage to match\)$/,
  },
  {
    name: "deprecated veo-3 becomes veo-3.1, a warning with the same fix",
    text: 'pipeline "p" { video v { model: veo-3 duration: 8s resolution: 1080p prompt: "x" } }',
    severity: "warning",
    fixed: 'pipeline "p" { video v { model: veo-3.1 duration: 8s resolution: 1080p prompt: "x" } }',
    message: /^`veo-3` is deprecated; use `veo-3\.1` instead$/,
  },
  {
    name: "deprecated imagen-3 becomes imagen-4",
    text: 'pipeline "p" { image i { model: imagen-3 prompt: "x" } }',
    severity: "warning",
    fixed: 'pipeline "p" { image i { model: imagen-4 prompt: "x" } }',
    message: /use `imagen-4` instead$/,
  },
  {
    name: "a model from a preset: no fix (the preset's other stages may ask for more)",
    text: 'preset old { model: sora-2 }\npipeline "p" { video v { use: old duration: 8s prompt: "x" } }',
    severity: "error",
    message: /use `veo-3\.1-fast` instead/,
  },
];

describe("lifecycle quick fix", () => {
  for (const c of cases) {
    it(c.name, () => {
      const document = checkDocument(c.text);
      const found = document.diagnostics.filter((d) => d.code === "deprecated-model");
      assert.strictEqual(found.length, 1, JSON.stringify(document.diagnostics.map((d) => d.message)));
      const [diagnostic] = found;
      assert.strictEqual(diagnostic.severity, c.severity);
      assert.match(diagnostic.message, c.message);
      const fixes = fixesAt(document, diagnostic.span).filter((fix) => fix.diagnostic === diagnostic);
      if (!c.fixed) return assert.deepStrictEqual(fixes, []);
      assert.strictEqual(fixes.length, 1);
      assert.match(fixes[0].title, /^Replace `[^`]+` with `[^`]+`/);
      const after = applyEdits(c.text, fixes[0].edits);
      assert.strictEqual(after, c.fixed);
      // The fixed file has no lifecycle problem and no new error.
      const errors = checkDocument(after).diagnostics.filter((d) => d.severity === "error" || d.code === "deprecated-model");
      assert.deepStrictEqual(errors.map((d) => d.message), []);
    });
  }
});

// A model past its shutdown date is retired, whatever the catalog marked it: judged against the date the
// core is told is today, never the day the test runs.
describe("lifecycle by date", () => {
  const base = loadDefaultCatalog();
  // kling-v2-5-turbo as a provider would announce its end: deprecated, shutting down on 2026-09-24.
  const catalog = createCatalog(base.models.map((m) => (m.id === "kling-v2-5-turbo" ? { ...m, lifecycle: "deprecated" as const, replacement: "kling-v3", shutdownDate: "2026-09-24" } : m)));
  const text = 'pipeline "p" { video v { model: kling-v2-5-turbo duration: 5s prompt: "x" } }';
  const lifecycleOf = (today?: string) => checkDocument(text, { catalog, today }).diagnostics.filter((d) => d.code === "deprecated-model");

  it("past the shutdown date: an error, \"cannot be called since\", with the fix", () => {
    const [found, ...more] = lifecycleOf("2026-11-30");
    assert.deepStrictEqual(more, []);
    assert.strictEqual(found.severity, "error");
    assert.strictEqual(found.message, "`kling-v2-5-turbo` is retired: it cannot be called since 2026-09-24; use `kling-v3` instead");
    assert.strictEqual(found.fixes?.[0].title, "Replace `kling-v2-5-turbo` with `kling-v3`");
  });

  it("on the shutdown date itself: retired", () => assert.strictEqual(lifecycleOf("2026-09-24")[0].severity, "error"));

  it("before the shutdown date: a warning naming the date", () => {
    const [found] = lifecycleOf("2026-09-23");
    assert.strictEqual(found.severity, "warning");
    assert.strictEqual(found.message, "`kling-v2-5-turbo` is deprecated and shuts down on 2026-09-24; use `kling-v3` instead");
  });

  it("without a date: the catalog's lifecycle, the shutdown date named", () => {
    const [found] = lifecycleOf(undefined);
    assert.strictEqual(found.severity, "warning");
    assert.match(found.message, /is deprecated \(shutdown date 2026-09-24\)/);
  });

  it("the model hover says it, and completion marks it retired", () => {
    const hover = (today: string) => modelHover(catalog.get("kling-v2-5-turbo")!, defaultCostSettings, today);
    assert.match(hover("2026-11-30"), /⚠ retired \(cannot be called since 2026-09-24\)/);
    assert.match(hover("2026-09-01"), /⚠ deprecated \(shuts down on 2026-09-24\)/);
    const partial = 'pipeline "p" { video v { model: kling-v2-5 duration: 5s prompt: "x" } }';
    const item = (today: string) => completionsAt(checkDocument(partial, { catalog, today }), partial.indexOf("kling-v2-5 ") + 10, catalog)!.items.find((i) => i.label === "kling-v2-5-turbo")!;
    assert.match(item("2026-11-30").detail!, / · retired$/);
    assert.match(item("2026-09-01").detail!, / · deprecated$/);
  });
});

describe("today's date, as the CLI and the server tell the core", () => {
  it("the local calendar day, or GEN_TODAY when it is a date", () => {
    assert.strictEqual(today({}, new Date(2026, 0, 5, 23, 59)), "2026-01-05");
    assert.strictEqual(today({ GEN_TODAY: "2026-11-30" }, new Date(2026, 0, 5)), "2026-11-30");
    assert.strictEqual(today({ GEN_TODAY: "tomorrow" }, new Date(2026, 0, 5)), "2026-01-05");
  });
});
