/**
 * Core decides by a channel's descriptor (capabilities, identity kind, entry link, pacing), never by
 * its name (issue 18 item 1): no channel name in a condition anywhere in core/ — compared, looked up
 * in a list or set, switched on. Names as plain values (the web groups core creates) are not conditions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../core/types.js';

const CORE = path.join(import.meta.dirname, '../../core');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const names = CHANNELS.join('|');
const CONDITIONS = [
  new RegExp(`[!=]==?\\s*'(${names})'`),
  new RegExp(`'(${names})'\\s*[!=]==?`),
  new RegExp(`\\b(includes|has|indexOf)\\(\\s*'(${names})'`),
  new RegExp(`\\bcase\\s+'(${names})'`),
  // A list or set of names, the way PHONE_CHANNELS and CODE_CHANNELS were.
  new RegExp(`\\[\\s*'(${names})'\\s*,\\s*'(${names})'`),
  // A channel's rate asked by name, the way campaign dispatch assumed groups were Telegram's.
  new RegExp(`\\w*[rR]ate\\w*\\(\\s*'(${names})'`),
  // A rate or a rule keyed by name, the way CHANNEL_RATES was.
  new RegExp(`^\\s*(${names}):\\s*(null|\\{\\s*rate)`),
];

/** Lines of `text` that test a channel name. */
function nameConditions(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('export const CHANNELS ='))
    .filter((line) => CONDITIONS.some((pattern) => pattern.test(line)));
}

describe('core and channel names', () => {
  it('finds the conditions it looks for (the check can fail)', () => {
    expect(nameConditions("if (row.channel !== 'whatsapp') return;")).toHaveLength(1);
    expect(nameConditions("const PHONE_CHANNELS: ChannelName[] = ['whatsapp', 'sms'];")).toHaveLength(1);
    expect(nameConditions('  telegram: { rate: 30, perMs: 1_000 },')).toHaveLength(1);
    expect(nameConditions("if (campaign.channels.includes('whatsapp')) notes.push(x);")).toHaveLength(1);
    expect(nameConditions("{ kind: 'group', channel: 'web' }")).toHaveLength(0);
    // The list of names itself (core/types.ts) is the one place they are written together.
    expect(nameConditions("export const CHANNELS = ['web', 'telegram'] as const;")).toHaveLength(0);
  });

  it('has none in core/', () => {
    const found = sources(CORE).flatMap((file) =>
      nameConditions(fs.readFileSync(file, 'utf8')).map(
        (line) => `${path.relative(CORE, file)}: ${line.trim()}`,
      ),
    );
    expect(found).toEqual([]);
  });
});
