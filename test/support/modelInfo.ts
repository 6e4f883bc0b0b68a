import { defaultModelSettings, type ModelInfo } from '../../electron/shared/domain.js';

/** A catalog entry for chat-service tests whose provider is a stand-in: no file is ever read. */
export const stubModelInfo = {
  id: 'm1',
  name: 'Model',
  fileName: 'm.gguf',
  path: '/m.gguf',
  parts: ['/m.gguf'],
  sizeBytes: 1,
  sha256: '0'.repeat(64),
  architecture: 'llama',
  parameterCount: 0,
  quantization: 'Q4_0',
  contextLength: 2048,
  hasChatTemplate: true,
  purpose: 'chat',
  license: null,
  storage: 'copied',
  integrity: 'ok',
  importedAt: 0,
  verifiedAt: null,
  settings: defaultModelSettings,
  adapters: [],
  probe: null,
} satisfies ModelInfo;
