/**
 * Group chats as a running instance has them (issue 18 item 5): WhatsApp's descriptor speaks for
 * Twilio (no groups), a linked number's instance has groups and its own pace for group posts; the
 * campaign pacer takes a group token for each post into a group, at that pace (one every 5 s).
 */
import { describe, expect, it } from 'vitest';
import { BAILEYS_GROUP_RATE, BAILEYS_RATE } from '../../bots/whatsapp/baileys/provider.js';
import { whatsappPlugin } from '../../bots/whatsapp/plugin.js';
import { ChannelPacer } from '../../core/campaigns/rates.js';
import { type ChannelAdapter, ChannelRegistry } from '../../core/channels.js';
import { ChannelDirectory } from '../../core/channels/directory.js';

function adapter(groups: boolean): ChannelAdapter {
  return {
    name: 'whatsapp',
    capabilities: { typing: false, streaming: false, media: true, groups },
    start: async () => {},
    stop: async () => {},
    send: async () => ({}),
    status: () => ({ state: 'ready' }),
  };
}

describe('groups of a running instance', () => {
  it("answers by the running adapter's capability, else by the descriptor's", () => {
    const registry = new ChannelRegistry(new ChannelDirectory([whatsappPlugin]));
    expect(registry.can('whatsapp', 'groups')).toBe(false);
    registry.register(adapter(true), BAILEYS_RATE, BAILEYS_GROUP_RATE);
    expect(registry.can('whatsapp', 'groups')).toBe(true);
    expect(registry.groupRateOf('whatsapp')).toEqual(BAILEYS_GROUP_RATE);
    const twilio = new ChannelRegistry(new ChannelDirectory([whatsappPlugin]));
    twilio.register(adapter(false));
    expect(twilio.can('whatsapp', 'groups')).toBe(false);
    expect(twilio.groupRateOf('whatsapp')).toBeNull();
  });

  it('paces campaign posts into groups at one every 5 s, beside the channel pace', () => {
    const registry = new ChannelRegistry(new ChannelDirectory([whatsappPlugin]));
    registry.register(adapter(true), BAILEYS_RATE, BAILEYS_GROUP_RATE);
    const pacer = new ChannelPacer(
      (channel) => registry.rateOf(channel),
      (channel) => registry.groupRateOf(channel),
    );
    expect(pacer.groupRateOf('whatsapp')).toBeCloseTo(0.2);
    expect(pacer.groupRateOf('sms')).toBe(Number.POSITIVE_INFINITY);
    const t0 = 1_000_000;
    // No burst: the first post goes at once, each next one 5 s after the one before.
    expect([0, 0, 0].map(() => pacer.reserveGroup('whatsapp', t0))).toEqual([0, 5_000, 10_000]);
    expect(pacer.reserveGroup('sms', t0)).toBe(0);
  });
});
