import { describe, expect, it } from 'vitest';
import { MAX_TEXT, splitText } from '../../../bots/telegram/split.js';
import { TelegramPacer } from '../../../bots/telegram/pacing.js';
import { redactToken } from '../../../bots/telegram/redact.js';

describe('splitText', () => {
  it('keeps a text that fits as one part', () => {
    expect(splitText('Bonjour !')).toEqual(['Bonjour !']);
    expect(splitText('x'.repeat(MAX_TEXT))).toHaveLength(1);
  });

  it('cuts a long text at paragraph or word boundaries, every part within the limit, nothing lost', () => {
    const paragraph = `${'Lorem ipsum dolor sit amet. '.repeat(60).trim()}`;
    const text = Array.from({ length: 8 }, () => paragraph).join('\n\n');
    const parts = splitText(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(MAX_TEXT);
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' '));
    expect(parts[0]!.endsWith('amet.')).toBe(true);
  });

  it('never splits an emoji in two when there is no space', () => {
    const text = `${'a'.repeat(MAX_TEXT - 1)}😀${'b'.repeat(10)}`;
    const parts = splitText(text);
    expect(parts[0]).toBe('a'.repeat(MAX_TEXT - 1));
    expect(parts[1]).toBe(`😀${'b'.repeat(10)}`);
  });
});

describe('TelegramPacer', () => {
  it('spaces messages to one chat one second apart, leaves other chats free', () => {
    const pacer = new TelegramPacer();
    expect(pacer.chatDelay('1', false, 0)).toBe(0);
    expect(pacer.chatDelay('1', false, 0)).toBe(1_000);
    expect(pacer.chatDelay('2', false, 0)).toBe(0);
  });

  it('holds a group to 20 messages a minute (after a burst of 20), a private chat to 1 a second', () => {
    const pacer = new TelegramPacer();
    const sendAll = (chatId: string, group: boolean) => {
      let t = 0;
      for (let i = 0; i < 100; i++) t += pacer.chatDelay(chatId, group, t);
      return t;
    };
    expect(sendAll('42', false)).toBe(99_000);
    const groupTime = sendAll('-100', true);
    // 80 messages beyond the burst, one every 3 s.
    expect(groupTime).toBeGreaterThanOrEqual(80 * 3_000 - 1);
    expect(groupTime).toBeLessThan(81 * 3_000);
  });

  it('never lets more than 30 go in any one second, whenever the sends come', () => {
    const pacer = new TelegramPacer();
    // Bursts after idle spells, as a campaign and the assistant's answers make them.
    const starts: number[] = [];
    let now = 10_000;
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 45; i++) starts.push(now + pacer.globalDelay(now));
      now += 500 + ((round * 733) % 2_000);
    }
    starts.sort((a, b) => a - b);
    for (let i = 30; i < starts.length; i++) {
      // 31 sends within a second would make starts[i] - starts[i - 30] < 1 s.
      expect(starts[i]! - starts[i - 30]!).toBeGreaterThanOrEqual(1_000);
    }
  });

  it('waits out a 429 on that chat', () => {
    const pacer = new TelegramPacer();
    pacer.pause('1', 5_000);
    expect(pacer.chatDelay('1', false, 0)).toBe(5_000);
  });
});

describe('redactToken', () => {
  it('removes the token from URLs and messages', () => {
    const token = '123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0';
    const text = `request to https://api.telegram.org/bot${token}/sendMessage failed; token ${token}`;
    const out = redactToken(text, token);
    expect(out).not.toContain('AAHfiqksKZ8WmR2zSjiQ7');
    expect(out).toContain('/bot<token>/sendMessage');
    expect(redactToken(`bot${token}`)).toBe('bot<token>');
  });
});
