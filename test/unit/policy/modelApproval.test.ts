import { describe, expect, it } from 'vitest';
import { chatExportAllowed } from '../../../electron/core/policy/chatExport.js';
import { modelApproval, policyOwner } from '../../../electron/core/policy/modelApproval.js';
import { policySchema } from '../../../electron/shared/policy.js';

const sha = (digit: string) => digit.repeat(64);

describe('the policy\'s approved models', () => {
  it('restricts nothing without a models section, or without a list', () => {
    expect(modelApproval(policySchema.parse({})).restricted).toBe(false);
    expect(modelApproval(policySchema.parse({ models: {} })).restricted).toBe(false);
  });

  it('with a list and allowSideloaded unset, only listed files load (the safe reading)', () => {
    const approval = modelApproval(policySchema.parse({ models: { allowed: [{ sha256: sha('A'), name: 'Approved' }] } }));
    expect(approval.restricted).toBe(true);
    expect(approval.listed(sha('a'))).toBe(true);
    expect(approval.listed(sha('b'))).toBe(false);
  });

  it('allowSideloaded says so either way: false without a list allows only bundled models; true with one restricts nothing', () => {
    expect(modelApproval(policySchema.parse({ models: { allowSideloaded: false } }))).toMatchObject({ restricted: true });
    expect(modelApproval(policySchema.parse({ models: { allowed: [{ sha256: sha('a') }], allowSideloaded: true } }))).toMatchObject({ restricted: false });
  });

  it('names the policy in messages', () => {
    expect(policyOwner(policySchema.parse({ name: 'Contoso IT' }))).toBe('The machine policy (Contoso IT)');
    expect(policyOwner(policySchema.parse({}))).toBe('The machine policy');
  });

  it('allows chat export unless export.allowed is false', () => {
    expect(chatExportAllowed(policySchema.parse({}))).toBe(true);
    expect(chatExportAllowed(policySchema.parse({ export: { allowed: true } }))).toBe(true);
    expect(chatExportAllowed(policySchema.parse({ export: { allowed: false } }))).toBe(false);
  });
});
