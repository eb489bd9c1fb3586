import { readFileSync } from 'node:fs';
import { Catalog } from '../../src/catalog/catalog';
import type { CatalogModel } from '../../src/catalog/model';
import { parseConfig } from '../../src/config/loadConfig';
import type { MessagesParams } from '../../src/domain/messages';
import { adaptForModel } from '../../src/policy/adaptForModel';
import { Policy } from '../../src/policy/policy';
import { validateRequest } from '../../src/policy/validate/validateRequest';
import { CONFIG_PATH } from '../fakes/routerHarness';

const config = parseConfig(readFileSync(CONFIG_PATH, 'utf8'), CONFIG_PATH);
const catalog = Catalog.fromConfig(config.models);
const policy = new Policy(config.policy, catalog, true);
const LIMITS = { maxImages: 100, maxImageBytes: 5 * 1024 * 1024, maxMessages: 10_000, maxStopSequences: 256, maxTools: 1_000 };
const SETTINGS = { defaultMaxTokens: 1024, restrictedBetas: new Set<string>() };
const OPUS_41 = catalog.get('claude-opus-4-1');

function adapted(thinking: MessagesParams['thinking'], model: CatalogModel, maxTokens = 8_000): { params: MessagesParams; notes: readonly string[] } {
  const request = validateRequest(
    {
      params: { messages: [{ role: 'user', content: 'think' }], max_tokens: maxTokens, ...(thinking ? { thinking } : {}) },
      betas: [],
      routing: { task: 'complex_reasoning', model: undefined, cache: 'default', labels: {} },
    },
    policy,
    LIMITS,
  );
  return adaptForModel(request, { model, incapable: undefined, longContext: false, retired: false }, SETTINGS);
}

describe('thinking in the form each model takes', () => {
  const adaptiveOnly: CatalogModel = { ...OPUS_41, id: 'claude-opus-4-6', thinking_types: { enabled: false, adaptive: true } };
  const budgetOnly: CatalogModel = { ...OPUS_41, thinking_types: { enabled: true, adaptive: false } };

  it('budgeted thinking goes as adaptive to a model that has no budgets (4.6 on), and the log says so', () => {
    const { params, notes } = adapted({ type: 'enabled', budget_tokens: 2048 }, adaptiveOnly);
    expect(params.thinking).toEqual({ type: 'adaptive' });
    expect(notes).toEqual(['thinking sent as adaptive: the model has no budgeted thinking (budget 2048 not sent)']);
  });

  it('adaptive thinking goes with a budget of half max_tokens to a model that knows only budgets', () => {
    const { params, notes } = adapted({ type: 'adaptive' }, budgetOnly, 8_000);
    expect(params.thinking).toEqual({ type: 'enabled', budget_tokens: 4_000 });
    expect(notes[0]).toContain('budget 4000');
  });

  it('leaves thinking alone where the model takes it as asked, and when no budget would fit', () => {
    expect(adapted({ type: 'enabled', budget_tokens: 2048 }, budgetOnly).params.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(adapted({ type: 'adaptive' }, adaptiveOnly).params.thinking).toEqual({ type: 'adaptive' });
    expect(adapted({ type: 'adaptive' }, budgetOnly, 1_024).params.thinking).toEqual({ type: 'adaptive' });
    expect(adapted(undefined, adaptiveOnly).params.thinking).toBeUndefined();
  });
});
