// The parser import-x/no-cycle (eslint.config.js) reads .svelte dependencies with:
// svelte-eslint-parser, with the statements of a component's <script> blocks lifted to the top
// of the program. import-x looks for a dependency's imports in Program.body only, where the
// Svelte parser puts the script element rather than its imports; without this, a circle that
// passes through a component would go unseen. Only the rule's dependency walk uses it; the
// files being linted keep eslint-plugin-svelte's parser.
import { parseForESLint as parseSvelte } from 'svelte-eslint-parser';

/**
 * @param {string} code
 * @param {Record<string, unknown>} options
 */
export function parseForESLint(code, options) {
  const result = parseSvelte(code, options);
  const body = result.ast.body.flatMap((node) =>
    node.type === 'SvelteScriptElement' ? node.body : [],
  );
  return { ...result, ast: { ...result.ast, body } };
}
