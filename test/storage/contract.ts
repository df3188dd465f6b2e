import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../../storage/types.js';
import { describeActivity } from './contract/activity.js';
import { describeAdmin } from './contract/admin.js';
import { describeCampaigns } from './contract/campaigns.js';
import { describeCatalog } from './contract/catalog.js';
import { describeChannelState } from './contract/channel-state.js';
import { describeCommunity } from './contract/community.js';
import { describeConsents } from './contract/consents.js';
import { describeContacts } from './contract/contacts.js';
import { describeConversations } from './contract/conversations.js';
import type { ContractContext } from './contract/fixtures.js';
import { describeMessages } from './contract/messages.js';
import { describeOutbox } from './contract/outbox.js';
import { describeSettings } from './contract/settings.js';
import { describeTracking } from './contract/tracking.js';
import { describeTransactions } from './contract/transactions.js';

export type StoreFactory = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;

/**
 * The behaviour every Store implementation must have, exercised through the interface only.
 * Each test gets a fresh, empty store from `createStore`; `cleanup` runs after it.
 */
export function runStorageContract(name: string, createStore: StoreFactory): void {
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

    describeContacts(context);
    describeConversations(context);
    describeCommunity(context);
    describeMessages(context);
    describeActivity(context);
    describeCatalog(context);
    describeSettings(context);
    describeOutbox(context);
    describeAdmin(context);
    describeTracking(context);
    describeConsents(context);
    describeCampaigns(context);
    describeChannelState(context);
    describeTransactions(context);
  });
}
