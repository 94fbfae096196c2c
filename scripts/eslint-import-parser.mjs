// The parser import-x/no-cycle (eslint.config.js) reads the files a linted file imports with.
// The rule wants their import declarations and nothing else, so a .svelte file is read as its
// <script> blocks alone, the markup and styles blanked out (line numbers kept for the rule's
// messages), and parsed as TypeScript. Why not svelte-eslint-parser: import-x looks for imports
// in Program.body only, where that parser puts the script element, not its statements; and its
// type analysis of the script cost about half of the rule's time. The linted files themselves
// keep eslint-plugin-svelte's parser.
import ts from 'typescript-eslint';

const SCRIPT = /(<script\b[^>]*>)([\s\S]*?)<\/script\s*>/gi;
const blank = (/** @type {string} */ s) => s.replace(/[^\n]/g, ' ');

/** The component with everything but the contents of its <script> blocks turned to spaces. */
function scriptsOnly(/** @type {string} */ code) {
  let out = '';
  let at = 0;
  for (const m of code.matchAll(SCRIPT)) {
    const start = (m.index ?? 0) + m[1].length;
    out += blank(code.slice(at, start)) + m[2];
    at = start + m[2].length;
  }
  return out + blank(code.slice(at));
}

/**
 * @param {string} code
 * @param {{ filePath?: string }} options
 */
export function parseForESLint(code, options) {
  const svelte = String(options?.filePath ?? '').endsWith('.svelte');
  return ts.parser.parseForESLint(svelte ? scriptsOnly(code) : code, options);
}
