// Import circles: proof that the lint rule (import-x/no-cycle in eslint.config.js) really reports
// one, run through ESLint's Node API with the project's config, and a walk of src/lib's import
// graph that also follows `import type`, which the rule skips by design. All three circles
// src/lib once had were closed by type imports, so the rule alone would not have seen them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import projectConfig from '../../../eslint.config.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const FIXTURE = 'tests/fixtures/lint-cycle';

/** ESLint with the project's config, plus the import-circle block applied to the fixture. */
function eslintWithCycleRuleOnFixture(): ESLint {
  const block = (projectConfig as Linter.Config[]).find(
    (c) => c.rules?.['import-x/no-cycle'] !== undefined,
  );
  if (!block) throw new Error('eslint.config.js has no import-x/no-cycle block');
  return new ESLint({
    cwd: ROOT,
    overrideConfig: { ...block, files: [`${FIXTURE}/**/*.ts`] },
  });
}

async function cycleMessages(eslint: ESLint, file: string): Promise<string[]> {
  const [result] = await eslint.lintFiles([join(ROOT, file)]);
  return result.messages
    .filter((m) => m.ruleId === 'import-x/no-cycle')
    .map((m) => `${m.line}: ${m.message}`);
}

/** Every .ts file under dir (relative to ROOT), the way the app imports them. */
function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((d) => {
    const path = `${dir}/${d.name}`;
    if (d.isDirectory()) return tsFiles(path);
    return d.name.endsWith('.ts') ? [path] : [];
  });
}

/** The files `file` imports from inside the project, type imports and re-exports included. */
function localImports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const out = new Set<string>();
  for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
    if (!fileName.startsWith('.')) continue; // a package
    const base = resolve(ROOT, dirname(file), fileName.replace(/\?.*$/, ''));
    const hit = [`${base}.ts`, join(base, 'index.ts'), base].find(
      (p) => p.endsWith('.ts') && existsSync(p),
    );
    if (hit) out.add(relative(ROOT, hit));
  }
  return [...out];
}

/** The import circles among `files`: each strongly connected group of 2+ files, sorted. */
function importCircles(files: readonly string[]): string[][] {
  const inside = new Set(files);
  const edges = new Map(files.map((f) => [f, localImports(f).filter((g) => inside.has(g))]));
  // Tarjan's algorithm: order[v] = visit number, low[v] = lowest visit number v reaches.
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string): void => {
    order.set(v, order.size);
    low.set(v, order.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)!) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
    }
    if (low.get(v) !== order.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1) circles.push(group.sort());
  };
  for (const f of files) if (!order.has(f)) visit(f);
  return circles;
}

describe('import-x/no-cycle (eslint.config.js)', () => {
  it('reports the two-file circle of tests/fixtures/lint-cycle on both files', async () => {
    const eslint = eslintWithCycleRuleOnFixture();
    expect(await cycleMessages(eslint, `${FIXTURE}/a.ts`)).toEqual([
      '3: Dependency cycle detected',
    ]);
    expect(await cycleMessages(eslint, `${FIXTURE}/b.ts`)).toEqual([
      '2: Dependency cycle detected',
    ]);
  });

  it('does not see a circle made only of `import type` (hence the graph walk below)', async () => {
    const eslint = eslintWithCycleRuleOnFixture();
    expect(await cycleMessages(eslint, `${FIXTURE}/type-a.ts`)).toEqual([]);
  });

  it('runs on src/lib and reports nothing for a file that was in a circle', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const file = join(ROOT, 'src/lib/table/layout.ts');
    const config = (await eslint.calculateConfigForFile(file)) as Linter.Config;
    expect(config.rules?.['import-x/no-cycle']).toEqual([2]);
    expect(await cycleMessages(eslint, 'src/lib/table/layout.ts')).toEqual([]);
  });
});

describe('the import graph, `import type` included', () => {
  it('finds the fixture circles', () => {
    expect(importCircles(tsFiles(FIXTURE))).toEqual([
      [`${FIXTURE}/a.ts`, `${FIXTURE}/b.ts`],
      [`${FIXTURE}/type-a.ts`, `${FIXTURE}/type-b.ts`],
    ]);
  });

  it('has no circle in src/lib', () => {
    expect(importCircles(tsFiles('src/lib'))).toEqual([]);
  });
});
