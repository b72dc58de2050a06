// Helpers of the extension-host suites (not a suite: index.js loads only *.test.js).

/** Polls until fn() returns something truthy; never sleeps a fixed time. */
async function waitFor(what, fn, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A diagnostic's code, whether a string or `{ value, target }`. */
const code = (d) => (typeof d.code === "object" ? d.code.value : d.code);

module.exports = { waitFor, code };
