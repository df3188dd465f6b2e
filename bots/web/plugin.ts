/** The web chat's plug-in: always on, our own page opens an entry link, members are their own identity. */
import type { Namespace } from 'socket.io';
import type { ChannelPlugin } from '../../core/channels/plugin.js';
import { WebChannelAdapter } from './adapter.js';

/** What the server gives the plug-in: the /chat namespace replies are emitted on. */
export interface WebPluginOptions {
  namespace?: Namespace;
}

export const webPlugin: ChannelPlugin<true> = {
  name: 'web',
  label: 'Web chat',
  config: { enabledBy: null, hint: 'the web chat is always on', variables: [], load: () => true },
  identity: 'member',
  entryLink: { carrier: 'page', url: (link, where) => `${where.publicUrl}/c/${link.token}` },
  pacing: { channel: null },
  capabilities: {
    typing: true,
    streaming: true,
    media: true,
    groups: true,
    templates: false,
    readReceipts: false,
    buttons: true,
    edits: false,
  },
  async create(_section, deps) {
    const adapter = new WebChannelAdapter();
    const namespace = (deps.options as WebPluginOptions | undefined)?.namespace;
    if (namespace) adapter.attach(namespace);
    return { adapter };
  },
};
