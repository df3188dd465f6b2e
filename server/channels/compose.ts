/**
 * Starting the configured channels: each plug-in whose configuration section is set makes its
 * instance; its adapter joins the registry (with the instance's own pacing when it has one) and its
 * webhooks the router the app mounted for them.
 */
import type { Router } from 'express';
import type { ChannelRegistry } from '../../core/channels.js';
import { ChannelDirectory } from '../../core/channels/directory.js';
import type { AnyChannelPlugin, ChannelPluginDeps } from '../../core/channels/plugin.js';
import type { ChannelName } from '../../core/types.js';
import type { Config } from '../config.js';
import { expressRoutePort } from './route-port.js';

export type ChannelServices = Omit<ChannelPluginDeps, 'shared' | 'options'>;

/** The directory of `plugins`, for the registry core reads descriptors from. */
export function directoryOf(plugins: readonly AnyChannelPlugin[]): ChannelDirectory {
  return new ChannelDirectory(plugins);
}

export interface ChannelStart {
  plugins: readonly AnyChannelPlugin[];
  config: Config;
  services: ChannelServices;
  registry: ChannelRegistry;
  /** Where the plug-ins' webhooks go (mounted by the app before its API and static routes). */
  router: Router;
  /** Per-channel options (tests: a fake Baileys socket; the app: the web chat's namespace). */
  options?: Partial<Record<ChannelName, unknown>>;
}

/** Creates, registers and routes every configured channel, in the list's order. */
export async function startChannels(start: ChannelStart): Promise<void> {
  const shared = new Map<string, unknown>();
  const port = expressRoutePort(start.router);
  for (const plugin of start.plugins) {
    const section = start.config.channels[plugin.name];
    if (section === undefined) continue;
    const instance = await plugin.create(section, {
      ...start.services,
      options: start.options?.[plugin.name],
      shared<T>(key: string, make: () => T): T {
        if (!shared.has(key)) shared.set(key, make());
        return shared.get(key) as T;
      },
    });
    start.registry.register(instance.adapter, instance.pacing?.channel, instance.pacing?.group);
    instance.routes?.(port);
  }
}
