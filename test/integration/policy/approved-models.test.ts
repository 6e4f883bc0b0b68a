import crypto from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runHandler } from '../../../electron/core/ipc/dispatch.js';
import type { ModelInfo } from '../../../electron/shared/domain.js';
import type { PolicyFile } from '../../../electron/shared/policy.js';
import { ensureTestModel } from '../../../scripts/generate-test-models.js';
import { testPolicy, useTestCore } from '../../support/core.js';

const sha256Of = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/**
 * The policy's approved models (`models.allowed`, `allowSideloaded`), on a real core: every load goes
 * through the registry, which refuses a file the policy does not approve with a message that names
 * the policy, whatever its path; bundled models are approved without being listed.
 */
describe('approved models', () => {
  const start = useTestCore();

  async function startWith(models: PolicyFile['models'], withModel: boolean) {
    const test = await start({ withModel, policy: testPolicy({ name: 'Contoso IT', models }) });
    const request = <C extends Parameters<typeof runHandler>[1]>(channel: C, payload: unknown) => runHandler(test.core.handlers, channel, payload);
    const link = async (file: string): Promise<ModelInfo> => {
      const result = await request('models.importPaths', { grants: await test.grant([file], 'models'), mode: 'link' });
      const model = result.imported[0];
      if (!model) throw new Error(`${file} was not imported: ${JSON.stringify(result)}`);
      return model;
    };
    return { ...test, request, link };
  }

  it('refuses an unlisted model by the policy\'s name, marks it in the catalog, and loads an approved one', async () => {
    const approvedFile = await ensureTestModel('tiny-chat');
    const { core, request, link } = await startWith({ allowed: [{ sha256: sha256Of(approvedFile).toUpperCase(), name: 'Tiny chat' }] }, false);
    const approved = await link(approvedFile);
    const unlistedFile = await ensureTestModel('tiny-chat-wide');
    const unlisted = await link(unlistedFile);

    expect((await request('models.list', {})).unapproved).toEqual([unlisted.id]);
    await expect(request('models.load', { modelId: unlisted.id })).rejects.toMatchObject({
      code: 'model-not-approved',
      message: `The machine policy (Contoso IT) allows only approved models; ${unlisted.name} (sha256 ${unlisted.sha256}) is not one of them. Pick an approved model, or ask your IT department to approve this one.`,
    });
    // By path too (the CLI's --model ./file.gguf): the path changes nothing.
    await expect(core.registry!.resolveForLoad(unlistedFile)).rejects.toMatchObject({ code: 'model-not-approved' });
    const loaded = await request('models.load', { modelId: approved.id });
    expect(loaded.modelId).toBe(approved.id);
  });

  it('judges the file\'s bytes, not the hash the catalog recorded (the database is the user\'s to edit)', async () => {
    const approvedFile = await ensureTestModel('tiny-chat');
    const { core, request, link } = await startWith({ allowed: [{ sha256: sha256Of(approvedFile) }] }, false);
    const unlisted = await link(await ensureTestModel('tiny-chat-wide'));
    core.db!.prepare('UPDATE models SET sha256 = ? WHERE id = ?').run(sha256Of(approvedFile), unlisted.id);
    expect((await request('models.list', {})).unapproved).toEqual([]);
    await expect(request('models.load', { modelId: unlisted.id })).rejects.toMatchObject({
      code: 'model-not-approved',
      message: expect.stringContaining(`(sha256 ${sha256Of(await ensureTestModel('tiny-chat-wide'))}) is not one of them`),
    });
  });

  it('loads a model bundled with the installer without listing it', async () => {
    const { core, request } = await startWith({ allowSideloaded: false }, true);
    const { models, unapproved } = await request('models.list', {});
    const bundled = models.find((model) => model.storage === 'bundled');
    expect(bundled).toBeDefined();
    expect(unapproved).toEqual([]);
    expect((await request('models.load', { modelId: bundled!.id })).modelId).toBe(bundled!.id);
    expect(core.policy.policy.models).toEqual({ allowSideloaded: false });
  });

  it('refuses an approved model whose attached adapter is not listed', async () => {
    const modelFile = await ensureTestModel('tiny-chat');
    const { request, link, grant } = await startWith({ allowed: [{ sha256: sha256Of(modelFile) }] }, false);
    const model = await link(modelFile);
    const adapterFile = await ensureTestModel('tiny-chat-lora');
    const [adapterGrant] = await grant([adapterFile], 'adapter');
    const adapter = await request('models.addAdapter', { modelId: model.id, grant: adapterGrant, scale: 1 });
    expect((await request('models.list', {})).unapproved).toEqual([model.id]);
    await expect(request('models.load', { modelId: model.id })).rejects.toMatchObject({
      code: 'model-not-approved',
      message: `The machine policy (Contoso IT) allows only approved models and adapters; the adapter ${adapter!.name} (sha256 ${sha256Of(adapterFile)}) attached to ${model.name} is not one of them. Detach it, or ask your IT department to approve it.`,
    });
  });

  it('lets any model load when the policy lists models but allows side-loaded ones', async () => {
    const { core, request, link } = await startWith({ allowed: [{ sha256: 'a'.repeat(64) }], allowSideloaded: true }, false);
    const model = await link(await ensureTestModel('tiny-chat-wide'));
    expect((await request('models.list', {})).unapproved).toEqual([]);
    expect((await core.registry!.resolveForLoad(model.id)).id).toBe(model.id);
  });
});
