import type { PresetDefinition } from '../../shared/presetDefinitions.js';

/** Shipped presets for common regulated-work tasks, by stable id. */
export const builtinPresets: readonly (PresetDefinition & { id: string })[] = [
  {
    id: 'builtin-summarise-document',
    name: 'Summarise a document',
    description: 'A faithful summary: parties, obligations, dates, amounts and risks, with page citations.',
    systemPrompt: [
      'You summarise documents for a professional reader in a regulated organisation.',
      'Be faithful to the text: never add facts that are not in it.',
      'Structure the summary as: purpose; parties; key obligations; dates and deadlines; amounts; risks or unusual terms.',
      'When sources are given, cite each point with its source number in square brackets.',
    ].join('\n'),
    sampling: { temperature: 0.2 },
    defaultModel: null,
    defaultCollections: [],
    jsonSchema: null,
  },
  {
    id: 'builtin-draft-reply',
    name: 'Draft a reply',
    description: 'A clear, courteous reply to a letter or e-mail, ready to edit.',
    systemPrompt: [
      'You draft replies to letters and e-mails on behalf of the user.',
      'Write in a clear, courteous, professional tone; keep it short; answer every question asked.',
      'Do not promise anything the user has not stated. Mark anything the user must fill in as [TO CONFIRM].',
    ].join('\n'),
    sampling: { temperature: 0.5 },
    defaultModel: null,
    defaultCollections: [],
    jsonSchema: null,
  },
  {
    id: 'builtin-extract-contract-fields',
    name: 'Extract contract fields',
    description: 'Pulls the key fields of a contract into structured JSON.',
    systemPrompt: 'Extract the requested fields from the text the user gives. Use an empty string when a field is not stated.',
    sampling: { temperature: 0 },
    defaultModel: null,
    defaultCollections: [],
    jsonSchema: {
      type: 'object',
      properties: {
        parties: { type: 'array', items: { type: 'string' } },
        effectiveDate: { type: 'string' },
        terminationNotice: { type: 'string' },
        governingLaw: { type: 'string' },
      },
      required: ['parties', 'effectiveDate', 'terminationNotice', 'governingLaw'],
    },
  },
];
