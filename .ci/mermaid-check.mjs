// Parses Mermaid files (and the mermaid blocks of Markdown files) with
// mermaid's own parser, in Node, with jsdom standing in for the browser
// mermaid expects to find. Usage: node mermaid-check.mjs FILE...
// (.ci/run installs mermaid and jsdom beside it at pinned versions).
import { JSDOM } from "jsdom";
import { readFileSync } from "node:fs";
const dom = new JSDOM("<!DOCTYPE html><body></body>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });
let failed = 0;
for (const file of process.argv.slice(2)) {
  let text = readFileSync(file, "utf8");
  // A Markdown file is checked block by block, and must hold one.
  const blocks = file.endsWith(".md") ? [...text.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]) : [text];
  if (blocks.length === 0) {
    failed++;
    console.error(`${file}: no mermaid block`);
  }
  for (const b of blocks) {
    try {
      await mermaid.parse(b);
    } catch (e) {
      failed++;
      console.error(`${file}: ${e.message || e}`);
    }
  }
}
if (failed) process.exit(1);
console.log(`mermaid: ${process.argv.length - 2} files parse`);
