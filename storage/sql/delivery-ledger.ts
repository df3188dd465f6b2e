import type { ChannelName, Delivery, ErrorInfo } from '../../core/types.js';
import type { SqlExecutor } from './executor.js';

/** The ledger's columns, in the order the bulk inserts write them. */
export const DELIVERY_COLUMNS = `id, campaign_id, slot, recipient_type, recipient_id, channel, status, error,
  message_id, conversation_id, claim_token, claimed_until, created_at, updated_at`;

/**
 * Ledger creation, the bulk path of a campaign (100,000 recipients within a second on SQLite): each
 * backend writes it its own way (a dialect part). Both insert only the rows whose (campaign, slot,
 * recipient, channel) is new, decided by that unique key, and return how many were.
 */
export interface DeliveryLedger {
  insertMany(db: SqlExecutor, rows: Delivery[]): Promise<number>;
  /** See DeliveryRepository.insertContactRows. */
  insertContactRows(
    db: SqlExecutor,
    slot: { campaignId: string; slot: number; channel: ChannelName; now: string },
    rows: [id: string, contactId: string, optedOut: boolean][],
    reasons: { optedOut: ErrorInfo; noIdentity: ErrorInfo },
  ): Promise<number>;
}
