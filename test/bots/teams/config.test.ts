import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config.js';

const APP_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const PASSWORD = 'Xy7~secret.from~azure_portal';

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env, '/srv/kora');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('Teams configuration', () => {
  it('is off without an app id; on with the app id and password, with the public defaults', () => {
    expect(loadConfig({}, '/srv/kora').channels.teams).toBeUndefined();
    expect(
      loadConfig({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: PASSWORD }, '/srv/kora').channels.teams,
    ).toEqual({
      appId: APP_ID,
      appPassword: PASSWORD,
      tenantId: 'botframework.com',
      openIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
      loginUrl: 'https://login.microsoftonline.com',
    });
  });

  it('takes a single tenant and the endpoints of a sovereign cloud or a test fake', () => {
    const teams = loadConfig(
      {
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_PASSWORD: PASSWORD,
        MICROSOFT_APP_TENANT_ID: '8c1e4b2d-3a5f-4e6d-9c7b-1a2d3e4f5a6b',
        MICROSOFT_OPENID_METADATA_URL:
          'https://login.botframework.azure.us/v1/.well-known/openidconfiguration',
        MICROSOFT_LOGIN_URL: 'http://127.0.0.1:4010/',
      },
      '/srv/kora',
    ).channels.teams;
    expect(teams).toMatchObject({
      tenantId: '8c1e4b2d-3a5f-4e6d-9c7b-1a2d3e4f5a6b',
      openIdMetadataUrl: 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration',
      loginUrl: 'http://127.0.0.1:4010',
    });
  });

  it.each([
    [{ MICROSOFT_APP_ID: 'my-bot', MICROSOFT_APP_PASSWORD: PASSWORD }, 'MICROSOFT_APP_ID'],
    [{ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'short' }, 'MICROSOFT_APP_PASSWORD'],
    [
      { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: PASSWORD, MICROSOFT_APP_TENANT_ID: 'not a tenant' },
      'MICROSOFT_APP_TENANT_ID',
    ],
    [
      {
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_PASSWORD: PASSWORD,
        MICROSOFT_OPENID_METADATA_URL: 'ftp://x',
      },
      'MICROSOFT_OPENID_METADATA_URL',
    ],
    [
      { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: PASSWORD, MICROSOFT_LOGIN_URL: 'login' },
      'MICROSOFT_LOGIN_URL',
    ],
    [{ MICROSOFT_APP_ID: APP_ID }, 'MICROSOFT_APP_PASSWORD'],
    [{ MICROSOFT_APP_PASSWORD: PASSWORD }, 'MICROSOFT_APP_ID'],
    [{ MICROSOFT_LOGIN_URL: 'https://login.microsoftonline.us' }, 'MICROSOFT_LOGIN_URL'],
  ])('stops the start with one line naming the variable: %j', (env, variable) => {
    const message = configError(env);
    expect(message.split('\n')).toHaveLength(1);
    expect(message.startsWith(variable)).toBe(true);
  });

  it('never echoes the password', () => {
    const message = configError({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'tiny' });
    expect(message).not.toContain('tiny');
  });
});
