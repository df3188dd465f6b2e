/**
 * Teams' configuration: on with MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD, both or neither; the
 * tenant and the two endpoints (sovereign clouds, tests' fakes) are optional.
 */
import { z } from 'zod';
import type { ChannelConfigContext, ChannelVariable } from '../../core/channels/plugin.js';
import { bothOrNeither, httpUrl } from '../config-schemas.js';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The `teams` section (bots/teams/plugin.ts). */
export interface TeamsSection {
  appId: string;
  appPassword: string;
  /** MICROSOFT_APP_TENANT_ID; unset: `botframework.com` (a multi-tenant bot). */
  tenantId: string;
  /** Unset: https://login.botframework.com/v1/.well-known/openidconfiguration. */
  openIdMetadataUrl: string;
  /** Unset: https://login.microsoftonline.com. */
  loginUrl: string;
}

export const TEAMS_VARIABLES: readonly ChannelVariable[] = [
  {
    name: 'MICROSOFT_APP_ID',
    required: true,
    parse: z.string().regex(GUID, 'must be a GUID such as 00000000-0000-0000-0000-000000000000').optional(),
    fix: 'set MICROSOFT_APP_ID to the Azure Bot’s Microsoft App ID (a GUID), or unset it to turn Teams off',
  },
  {
    name: 'MICROSOFT_APP_PASSWORD',
    required: true,
    secret: true,
    parse: z.string().min(8, 'must be at least 8 characters').optional(),
    fix: 'set MICROSOFT_APP_PASSWORD to a client secret of the bot’s app registration (Certificates & secrets)',
  },
  {
    name: 'MICROSOFT_APP_TENANT_ID',
    required: false,
    parse: z
      .string()
      .regex(/^([0-9a-fA-F-]{36}|[A-Za-z0-9.-]+\.[A-Za-z]{2,})$/, 'must be a tenant GUID or domain')
      .optional(),
    fix: 'set MICROSOFT_APP_TENANT_ID to the Directory (tenant) ID of a single-tenant bot, or unset it for a multi-tenant one',
  },
  {
    name: 'MICROSOFT_OPENID_METADATA_URL',
    required: false,
    parse: httpUrl.optional(),
    fix: 'set MICROSOFT_OPENID_METADATA_URL to an http(s) URL, or unset it for https://login.botframework.com/v1/.well-known/openidconfiguration',
  },
  {
    name: 'MICROSOFT_LOGIN_URL',
    required: false,
    parse: httpUrl.optional(),
    fix: 'set MICROSOFT_LOGIN_URL to an http(s) URL such as https://login.microsoftonline.com, or unset it',
  },
];

export function loadTeams(
  values: Readonly<Record<string, unknown>>,
  { fail }: ChannelConfigContext,
): TeamsSection | null {
  const pair = bothOrNeither(
    values,
    ['MICROSOFT_APP_ID', 'MICROSOFT_APP_PASSWORD'],
    ['MICROSOFT_APP_TENANT_ID', 'MICROSOFT_OPENID_METADATA_URL', 'MICROSOFT_LOGIN_URL'],
    fail,
    'Teams',
  );
  if (!pair) return null;
  const [appId, appPassword] = pair;
  return {
    appId,
    appPassword,
    tenantId: (values.MICROSOFT_APP_TENANT_ID as string | undefined) ?? 'botframework.com',
    openIdMetadataUrl:
      (values.MICROSOFT_OPENID_METADATA_URL as string | undefined) ??
      'https://login.botframework.com/v1/.well-known/openidconfiguration',
    loginUrl: (values.MICROSOFT_LOGIN_URL as string | undefined) ?? 'https://login.microsoftonline.com',
  };
}
