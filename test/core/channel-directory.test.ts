/** ChannelDirectory and the registry's pacing: what core asks instead of a channel's name. */
import { describe, expect, it } from 'vitest';
import { ChannelRegistry } from '../../core/channels.js';
import { ChannelDirectory, type ChannelTraits } from '../../core/channels/directory.js';
import type { PluginCapabilities } from '../../core/channels/plugin.js';
import { CHANNEL_PLUGINS } from '../../server/channels/index.js';

const none: PluginCapabilities = {
  typing: false,
  streaming: false,
  media: false,
  groups: false,
  templates: false,
  readReceipts: false,
  buttons: false,
  edits: false,
};

function traits(over: Partial<ChannelTraits> & Pick<ChannelTraits, 'name'>): ChannelTraits {
  return {
    label: over.name,
    identity: 'account',
    entryLink: { carrier: 'token', url: () => null },
    pacing: { channel: null },
    capabilities: none,
    config: { enabledBy: 'X', hint: 'set X' },
    ...over,
  };
}

describe('ChannelDirectory', () => {
  it('answers by descriptor data: identity kind, carrier, capability, rate', () => {
    const directory = new ChannelDirectory([
      traits({ name: 'sms', identity: 'phone', entryLink: { carrier: 'code', url: () => null } }),
      traits({
        name: 'telegram',
        capabilities: { ...none, groups: true },
        pacing: { channel: { rate: 30, perMs: 1_000 } },
      }),
    ]);
    expect(directory.withIdentity('phone')).toEqual(['sms']);
    expect(directory.carrierOf('sms')).toBe('code');
    expect(directory.carrierOf('telegram')).toBe('token');
    expect(directory.can('telegram', 'groups')).toBe(true);
    expect(directory.can('sms', 'groups')).toBe(false);
    expect(directory.can('teams', 'groups')).toBe(false);
    expect(directory.rateOf('telegram')).toEqual({ rate: 30, perMs: 1_000 });
    expect(directory.rateOf('sms')).toBeNull();
  });

  it('refuses a channel registered twice', () => {
    expect(() => new ChannelDirectory([traits({ name: 'sms' }), traits({ name: 'sms' })])).toThrow(/twice/);
  });

  it("paces by a running instance's own limit when it has one, else by the descriptor's", () => {
    const registry = new ChannelRegistry(
      new ChannelDirectory([traits({ name: 'whatsapp', pacing: { channel: { rate: 80, perMs: 1_000 } } })]),
    );
    expect(registry.rateOf('whatsapp')).toEqual({ rate: 80, perMs: 1_000 });
    const adapter = {
      name: 'whatsapp' as const,
      capabilities: none,
      start: async () => {},
      stop: async () => {},
      send: async () => ({}),
      status: () => ({ state: 'ready' as const }),
    };
    registry.register(adapter, { rate: 1, perMs: 2_000 });
    expect(registry.rateOf('whatsapp')).toEqual({ rate: 1, perMs: 2_000 });
  });

  it("knows this build's channels: phone identities on WhatsApp and SMS, link codes there and on Teams and email", () => {
    const directory = new ChannelDirectory(CHANNEL_PLUGINS);
    expect(directory.withIdentity('phone').sort()).toEqual(['sms', 'whatsapp']);
    expect(
      directory
        .list()
        .filter((c) => c.entryLink.carrier === 'code')
        .map((c) => c.name)
        .sort(),
    ).toEqual(['email', 'sms', 'teams', 'whatsapp']);
    expect(directory.withIdentity('email')).toEqual(['email']);
    expect(directory.withIdentity('member')).toEqual(['web']);
  });
});
