import { type ChatWrapper, getLlama, type Llama, type LlamaModel } from 'node-llama-cpp';
import { afterAll, beforeAll } from 'vitest';
import { chooseChatWrapper } from '../../electron/core/llm/host/chooseChatWrapper.js';
import { ensureTestModel } from '../../scripts/generate-test-models.js';

export interface TinyChatModel {
  model: LlamaModel;
  chatWrapper: ChatWrapper;
}

/**
 * The generated tiny chat model and the chat wrapper the host gives it, loaded in the test process before the file's
 * tests and disposed after: what the model host's fitting code (llm/host/) measures prompts with.
 * The fields are set once `beforeAll` ran.
 */
export function useTinyChatModel(): TinyChatModel {
  const loaded = {} as TinyChatModel;
  let llama: Llama | undefined;
  beforeAll(async () => {
    llama = await getLlama({ gpu: false, build: 'never' });
    loaded.model = await llama.loadModel({ modelPath: await ensureTestModel('tiny-chat') });
    loaded.chatWrapper = chooseChatWrapper(loaded.model);
  });
  afterAll(async () => {
    await loaded.model.dispose();
    await llama?.dispose();
  });
  return loaded;
}
