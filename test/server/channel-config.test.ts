/**
 * Each channel plug-in owns its configuration (issue 18): the variables it reads, their rules and its
 * section are declared in bots/<channel>/, and server/config.ts reads them for every registered
 * plug-in. A new channel's variables need no line in server/config.ts.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import type { AnyChannelPlugin, ChannelVariable } from '../../core/channels/plugin.js';
import { CHANNEL_PLUGINS } from '../../server/channels/index.js';
import { CONFIG_VARIABLES, ConfigError, channelVariables, loadConfig } from '../../server/config.js';

const token: ChannelVariable = {
  name: 'PIGEON_TOKEN',
  required: true,
  secret: true,
  parse: z
    .string()
    .regex(/^pg_\w{8,}$/, 'must look like pg_…')
    .optional(),
  fix: 'set PIGEON_TOKEN to the token of your loft',
};
const loft: ChannelVariable = {
  name: 'PIGEON_LOFT',
  required: false,
  parse: z.coerce.number().int().min(1).optional(),
  fix: 'set PIGEON_LOFT to the loft number',
};

/** A channel this build does not have, registered only in these tests. */
const pigeon: AnyChannelPlugin = {
  ...CHANNEL_PLUGINS.find((plugin) => plugin.name === 'sms')!,
  name: 'pigeon' as never,
  label: 'Pigeon post',
  config: {
    enabledBy: 'PIGEON_TOKEN',
    hint: 'set PIGEON_TOKEN',
    variables: [token, loft],
    load(values, { fail }) {
      if (values.PIGEON_LOFT && !values.PIGEON_TOKEN) fail('PIGEON_LOFT needs PIGEON_TOKEN.');
      return values.PIGEON_TOKEN ? { token: values.PIGEON_TOKEN, loft: values.PIGEON_LOFT ?? 1 } : null;
    },
  },
};

function errorOf(work: () => unknown): Error {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as Error;
  }
  throw new Error('expected a ConfigError');
}

describe('channel configuration declared by the plug-ins', () => {
  const plugins = [...CHANNEL_PLUGINS, pigeon];

  it("parses a plug-in's own variables and gives it its section; off without them", () => {
    expect(loadConfig({}, '/srv/kora', plugins).channels).not.toHaveProperty('pigeon');
    const config = loadConfig({ PIGEON_TOKEN: 'pg_12345678', PIGEON_LOFT: '7' }, '/srv/kora', plugins);
    expect(config.channels).toMatchObject({ pigeon: { token: 'pg_12345678', loft: 7 } });
  });

  it('stops the start naming the variable, without the value of a secret one', () => {
    const secret = errorOf(() => loadConfig({ PIGEON_TOKEN: 'hunter2' }, '/srv/kora', plugins));
    expect(secret.message).toBe(
      'PIGEON_TOKEN must look like pg_…: set PIGEON_TOKEN to the token of your loft.',
    );
    const shown = errorOf(() =>
      loadConfig({ PIGEON_TOKEN: 'pg_12345678', PIGEON_LOFT: 'roof' }, '/srv/kora', plugins),
    );
    expect(shown.message).toMatch(/^PIGEON_LOFT .*\(got "roof"\): set PIGEON_LOFT to the loft number\.$/);
    expect(errorOf(() => loadConfig({ PIGEON_LOFT: '3' }, '/srv/kora', plugins)).message).toBe(
      'PIGEON_LOFT needs PIGEON_TOKEN.',
    );
  });

  it('reads a variable two plug-ins share once, and refuses two different rules for one name', () => {
    const shared = channelVariables(CHANNEL_PLUGINS);
    expect(shared.get('TWILIO_ACCOUNT_SID')).toBe(
      CHANNEL_PLUGINS.find((plugin) => plugin.name === 'sms')!.config.variables[0],
    );
    const clash = {
      ...pigeon,
      config: { ...pigeon.config, variables: [{ ...token, name: 'TWILIO_AUTH_TOKEN' }] },
    };
    expect(() => channelVariables([...CHANNEL_PLUGINS, clash])).toThrow(
      /TWILIO_AUTH_TOKEN is declared twice/,
    );
    const core = { ...pigeon, config: { ...pigeon.config, variables: [{ ...token, name: 'PORT' }] } };
    expect(() => channelVariables([core])).toThrow(/PORT is not a channel's variable/);
  });

  it('lists every registered channel variable, and server/config.ts names none of them', () => {
    const source = fs.readFileSync(new URL('../../server/config.ts', import.meta.url), 'utf8');
    const names = CHANNEL_PLUGINS.flatMap((plugin) =>
      plugin.config.variables.map((variable) => variable.name),
    );
    expect(names.length).toBeGreaterThan(15);
    for (const name of names) {
      expect(CONFIG_VARIABLES).toContain(name);
      expect(source).not.toContain(name);
    }
  });
});
