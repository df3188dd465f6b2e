import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../../storage/types.js';
import { describeAttachments } from './contract/attachments.js';
import { describeActivity } from './contract/activity.js';
import { describeAdmin } from './contract/admin.js';
import { describeBookings } from './contract/bookings.js';
import { describeCampaigns } from './contract/campaigns.js';
import { describeCatalog } from './contract/catalog.js';
import { describeChannelState } from './contract/channel-state.js';
import { describeCommunity } from './contract/community.js';
import { describeConsents } from './contract/consents.js';
import {
  describeEarlyReports,
  describeHandBack,
  describeRateBuckets,
  describeTurnLeases,
} from './contract/durable.js';
import { describeContacts } from './contract/contacts.js';
import { describeConversations } from './contract/conversations.js';
import type { ContractContext } from './contract/fixtures.js';
import { describeInbox } from './contract/inbox.js';
import { describeInboxShapes } from './contract/inbox-shapes.js';
import { describeMessages } from './contract/messages.js';
import { describeInbound } from './contract/inbound.js';
import { describeOutbound } from './contract/outbound.js';
import { describeOutbox } from './contract/outbox.js';
import { describePacks } from './contract/packs.js';
import { describeSearchBounds } from './contract/search-bounds.js';
import { describeSettings } from './contract/settings.js';
import { describeTracking } from './contract/tracking.js';
import { describeTransactions } from './contract/transactions.js';

export type StoreFactory = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;

/** The contract's groups, in the order they run. */
const GROUPS = {
  contacts: describeContacts,
  conversations: describeConversations,
  community: describeCommunity,
  search: describeSearchBounds,
  messages: describeMessages,
  activity: describeActivity,
  catalog: describeCatalog,
  settings: describeSettings,
  outbox: describeOutbox,
  outbound: describeOutbound,
  inbound: describeInbound,
  admin: describeAdmin,
  tracking: describeTracking,
  consents: describeConsents,
  campaigns: describeCampaigns,
  channelState: describeChannelState,
  packs: describePacks,
  earlyReports: describeEarlyReports,
  turnLeases: describeTurnLeases,
  rateBuckets: describeRateBuckets,
  handBack: describeHandBack,
  transactions: describeTransactions,
  bookings: describeBookings,
  attachments: describeAttachments,
  inbox: describeInbox,
  inboxShapes: describeInboxShapes,
} satisfies Record<string, (context: ContractContext) => void>;

export type ContractGroup = keyof typeof GROUPS;

export interface ContractOptions {
  /**
   * Only these groups: a backend whose repositories move to the shared implementation group by
   * group (issue 17) runs the groups it has; every complete store runs them all.
   */
  only?: readonly ContractGroup[];
}

/**
 * The behaviour every Store implementation must have, exercised through the interface only.
 * Each test gets a fresh, empty store from `createStore`; `cleanup` runs after it.
 */
export function runStorageContract(
  name: string,
  createStore: StoreFactory,
  options: ContractOptions = {},
): void {
  describe(`storage contract: ${name}`, () => {
    let current: Awaited<ReturnType<StoreFactory>> | undefined;

    beforeEach(async () => {
      current = await createStore();
    });

    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    });

    const context: ContractContext = {
      store() {
        if (!current) throw new Error('The store is only available inside a test');
        return current.store;
      },
    };

    for (const [group, describeGroup] of Object.entries(GROUPS)) {
      if (!options.only || options.only.includes(group as ContractGroup)) describeGroup(context);
    }
  });
}
