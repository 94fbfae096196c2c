import { describe, expect, it } from 'vitest';
import type { SentimentMapping } from '../../../src/lib/score/types';
import { DB_NAME, openXoDb } from '../../../src/storage/db';
import { RecipeRepo } from '../../../src/storage/recipes';
import { questionKey, SentimentMappingRepo } from '../../../src/storage/sentiment-mappings';
import { IDBFactory } from '../../helpers/fake-idb';
import { makeSurveyRecipe } from '../../helpers/recipes';

const mapping = (positive: number[]): SentimentMapping => ({
  kind: 'favorability',
  headline: 'percent-positive',
  values: [1, 2, 3, 4, 5].map((value) => ({
    value,
    sentiment: positive.includes(value) ? 'positive' : value === 3 ? 'neutral' : 'negative',
  })),
});

/** Version 1 of the schema exactly as the first release created it, with one recipe in it. */
async function makeVersion1(factory: IDBFactory, recipe: object): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const request = factory.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      const recipes = db.createObjectStore('recipes', { keyPath: 'id' });
      recipes.createIndex('by-kind', 'kind');
      recipes.createIndex('by-updated', 'updated');
      db.createObjectStore('settings');
      recipes.put(recipe);
    };
    request.onsuccess = () => {
      request.result.close();
      resolve();
    };
    request.onerror = () => reject(request.error);
  });
}

describe('SentimentMappingRepo', () => {
  it('saves, replaces, lists newest first and deletes per question', async () => {
    const factory = new IDBFactory();
    let t = Date.UTC(2026, 10, 1);
    const repo = new SentimentMappingRepo(
      () => openXoDb(factory),
      () => new Date((t += 1000)),
    );
    const q1 = { importId: 'QID1_1', header: 'Q1_1', label: 'I can disconnect' };
    const q2 = { header: 'Q9', label: 'Tools' };
    expect(questionKey(q1)).toBe('importId:QID1_1');
    expect(questionKey(q2)).toBe('header:Q9');
    await repo.save(questionKey(q1), q1, mapping([4, 5]));
    await repo.save(questionKey(q2), q2, mapping([5]));
    // Replacing keeps one record per question.
    const again = await repo.save(questionKey(q1), q1, mapping([5]));
    const all = await repo.list();
    expect(all.map((m) => m.key)).toEqual(['importId:QID1_1', 'header:Q9']);
    expect(all[0]).toEqual(again);
    expect((await repo.get('importId:QID1_1'))?.mapping.values[3].sentiment).toBe('negative');
    await repo.delete('header:Q9');
    await repo.delete('header:nothing');
    expect((await repo.list()).map((m) => m.key)).toEqual(['importId:QID1_1']);
  });

  it('upgrades a version-1 database without touching its recipes', async () => {
    const factory = new IDBFactory();
    const recipe = { ...makeSurveyRecipe({ name: 'Kept' }), id: 'r1', updated: '2026-01-01' };
    await makeVersion1(factory, recipe);
    const recipes = new RecipeRepo(() => openXoDb(factory));
    expect((await recipes.list()).map((r) => r.name)).toEqual(['Kept']);
    const repo = new SentimentMappingRepo(() => openXoDb(factory));
    await repo.save('header:Q1', { header: 'Q1', label: '' }, mapping([4, 5]));
    expect(await repo.list()).toHaveLength(1);
    expect((await recipes.list())[0]).toEqual(recipe);
  });

  it('reports a storage failure as a StorageError that names the action', async () => {
    const repo = new SentimentMappingRepo(() =>
      Promise.reject(new DOMException('x', 'QuotaExceededError')),
    );
    await expect(repo.list()).rejects.toMatchObject({ name: 'StorageError', reason: 'quota' });
  });
});
