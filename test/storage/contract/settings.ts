import { describe, expect, it } from 'vitest';
import type { AssistantSettings } from '../../../core/types.js';
import type { ContractContext } from './fixtures.js';

const SETTINGS: AssistantSettings = {
  basePrompt: 'You are the assistant of a yoga studio.',
  campaignPrompt: 'Spring offer: 10% off.',
  offTopicReply: 'I can only help with the studio.',
  paymentLinks: { twint: 'https://twint.example.com/p', stripe: 'https://buy.stripe.com/x' },
  provider: 'openai',
  model: 'gpt-4o-mini',
  memory: { messages: 20, hours: 48 },
};

export function describeSettings(context: ContractContext): void {
  describe('settings', () => {
    const settings = () => context.store().settings;

    it('stores the assistant settings whole, replacing the previous ones', async () => {
      expect(await settings().getAssistant()).toBeNull();
      expect(await settings().putAssistant(SETTINGS)).toEqual(SETTINGS);
      expect(await settings().getAssistant()).toEqual(SETTINGS);
      const next = { ...SETTINGS, paymentLinks: { paypal: 'https://paypal.me/studio' }, model: 'gpt-4.1' };
      await settings().putAssistant(next);
      expect(await settings().getAssistant()).toEqual(next);
    });

    it('sets, overwrites and deletes named values', async () => {
      expect(await settings().getValue('setup.tokenHash')).toBeNull();
      await settings().setValue('setup.tokenHash', 'abc');
      await settings().setValue('instance.id', 'kora-1');
      expect(await settings().getValue('setup.tokenHash')).toBe('abc');
      await settings().setValue('setup.tokenHash', 'def');
      expect(await settings().getValue('setup.tokenHash')).toBe('def');
      await settings().setValue('setup.tokenHash', null);
      expect(await settings().getValue('setup.tokenHash')).toBeNull();
      expect(await settings().getValue('instance.id')).toBe('kora-1');
      await settings().setValue('never.set', null);
      expect(await settings().getValue('never.set')).toBeNull();
    });
  });
}
