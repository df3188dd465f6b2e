import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { resolveSecretKey } from '../../server/secret-key.js';

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env, '/srv/kora');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({}, '/srv/kora');
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      publicUrl: 'http://localhost:3000',
      dataDir: '/srv/kora/data',
      logLevel: 'info',
      ai: { provider: 'offline' },
    });
    expect(config.timezone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('names the variable and the fix in one line', () => {
    const cases: [Record<string, string>, string][] = [
      [{ PORT: 'abc' }, 'PORT'],
      [{ PORT: '70000' }, 'PORT'],
      [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
      [{ SECRET_KEY: 'short' }, 'SECRET_KEY'],
      [{ TIMEZONE: 'Mars/Olympus' }, 'TIMEZONE'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
      [{ AI_PROVIDER: 'llama' }, 'AI_PROVIDER'],
      [{ AI_PROVIDER: 'openai' }, 'OPENAI_API_KEY'],
      [{ ADMIN_EMAIL: 'a@b.ch' }, 'ADMIN_PASSWORD'],
      [{ ADMIN_EMAIL: 'a@b.ch', ADMIN_PASSWORD: 'tiny' }, 'ADMIN_PASSWORD'],
      [{ MONGODB_URI: 'postgres://x' }, 'MONGODB_URI'],
    ];
    for (const [env, variable] of cases) {
      const message = configError(env);
      expect(message.startsWith(variable), message).toBe(true);
      expect(message).not.toContain('\n');
      expect(message).toMatch(/: (set|unset)/);
    }
  });

  it('never echoes a secret value', () => {
    expect(configError({ SECRET_KEY: 'hunter2' })).not.toContain('hunter2');
  });

  it('picks the first AI key found when AI_PROVIDER is unset', () => {
    expect(loadConfig({ ANTHROPIC_API_KEY: 'k' }).ai.provider).toBe('anthropic');
    expect(loadConfig({ OPENAI_API_KEY: 'k', ANTHROPIC_API_KEY: 'k' }).ai.provider).toBe('openai');
    expect(loadConfig({ OPENAI_API_KEY: 'k', AI_PROVIDER: 'offline' }).ai.provider).toBe('offline');
  });

  it('treats empty values as unset and trims the public URL', () => {
    const config = loadConfig({ PORT: '', PUBLIC_URL: 'https://chat.example.com/' });
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe('https://chat.example.com');
  });
});

describe('DATABASE_URL', () => {
  it('is unset by default: the embedded store', () => {
    expect(loadConfig({}, '/srv/kora').databaseUrl).toBeUndefined();
  });

  it('needs SECRET_KEY: every process must sign and seal with the same key', () => {
    const message = configError({ DATABASE_URL: 'postgres://kora@db/kora' });
    expect(message).toMatch(/^SECRET_KEY is required with DATABASE_URL.*: set SECRET_KEY/);
    expect(message).not.toContain('\n');
  });

  it('accepts postgres:// and postgresql:// URLs with a host and a database', () => {
    for (const url of [
      'postgres://kora:s3cret@db:5432/kora',
      'postgresql://kora@127.0.0.1/kora?sslmode=require',
      'postgres://db.example.com/kora',
    ]) {
      expect(loadConfig({ DATABASE_URL: url, SECRET_KEY: 'k'.repeat(32) }).databaseUrl).toBe(url);
    }
  });

  it('refuses anything else with one line naming DATABASE_URL and the fix, never the password', () => {
    for (const url of [
      'mysql://kora:s3cret@db/kora',
      'postgres://kora:s3cret@db:5432',
      'postgres://kora:s3cret@db:5432/',
      'postgres:///kora',
      'db:5432/kora',
      'postgres://kora:s3cret@db:99999/kora',
    ]) {
      const message = configError({ DATABASE_URL: url });
      expect(message.startsWith('DATABASE_URL'), message).toBe(true);
      expect(message).not.toContain('\n');
      expect(message).not.toContain('s3cret');
      expect(message).toMatch(/: set DATABASE_URL to postgres:\/\/.*or unset it/);
    }
  });

  it('MONGODB_URI, even a well-formed one, stops the start and names DATABASE_URL', () => {
    for (const uri of ['mongodb://mongo:27017/kora', 'mongodb+srv://u:p@cluster.example.net/kora']) {
      const message = configError({ MONGODB_URI: uri });
      expect(message.startsWith('MONGODB_URI'), message).toBe(true);
      expect(message).toContain('DATABASE_URL');
      expect(message).not.toContain('\n');
    }
  });
});

describe('TRUST_PROXY', () => {
  it('refuses anything else in one line naming TRUST_PROXY', () => {
    for (const value of ['proxy', '10.0.0.1/33', '::1/129', '1.2.3', '10.0.0.0/8,']) {
      const message = configError({ TRUST_PROXY: value });
      expect(message).toMatch(/^TRUST_PROXY .*: set TRUST_PROXY/);
      expect(message).not.toContain('\n');
    }
  });
});

describe('SECRET_KEY', () => {
  it('is generated once into DATA_DIR with a warning, then reused', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-key-'));
    const warnings: string[] = [];
    const first = resolveSecretKey(undefined, dir, (m) => warnings.push(m));
    const second = resolveSecretKey(undefined, dir, (m) => warnings.push(m));
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(second).toBe(first);
    expect(warnings).toHaveLength(1);
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(resolveSecretKey('x'.repeat(40), dir, (m) => warnings.push(m))).toBe('x'.repeat(40));
  });
});

describe('npm start with a malformed variable', () => {
  it('stops with one line naming the variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: {
        ...process.env,
        PORT: 'not-a-port',
        DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'kora-cfg-')),
      },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr
      .trim()
      .split('\n')
      .filter((line) => !line.includes('npm warn'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: PORT .*: set PORT/);
  });
});
