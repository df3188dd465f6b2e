/**
 * Packs: N sessions bought once. The coach sends a pack's checkout into a customer's conversation (a
 * tracked link); the provider's webhook activates the credit once paid, and each booking of a `pack`
 * class takes one session of it (PackRepository.consume). Without an online provider the coach grants
 * a pack by hand, having been paid otherwise.
 */
import { formatPrice } from '../assistant/replies.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { type OutboundDeps, sendToConversation } from '../outbound.js';
import type { Message } from '../types.js';
import type { PackPaymentProvider } from './pack-port.js';
import { packTexts } from './pack-texts.js';
import type { Pack, PackCredit } from './types.js';

export interface PackDeps extends OutboundDeps {
  /** null: no online payment (STRIPE_* unset). */
  provider: PackPaymentProvider | null;
  /** Where tracked links (`/p/:id`) and the checkout's return pages are served. */
  baseUrl: string;
}

/** How long a pack's checkout stays payable (Stripe's longest). */
const PACK_CHECKOUT_MS = 24 * 60 * 60_000;
const SENDER = { type: 'system', name: 'Kora' } as const;

export function newPack(
  deps: Pick<PackDeps, 'ids' | 'clock'>,
  input: { name: string; sessions: number; price: Pack['price'] },
): Pack {
  const now = deps.clock.now().toISOString();
  return { id: deps.ids.next(), ...input, createdAt: now, updatedAt: now };
}

function creditOf(deps: PackDeps, pack: Pack, contactId: string, conversationId: string | null): PackCredit {
  return {
    id: deps.ids.next(),
    packId: pack.id,
    contactId,
    name: pack.name,
    sessions: pack.sessions,
    remaining: pack.sessions,
    status: 'pending',
    checkoutId: null,
    paymentUrl: null,
    conversationId,
    createdAt: deps.clock.now().toISOString(),
    paidAt: null,
  };
}

async function packOf(deps: PackDeps, packId: string): Promise<Pack> {
  const pack = await deps.store.packs.get(packId);
  if (!pack) throw new NotFoundError('pack not found');
  return pack;
}

/** A tracked link to `url` in the conversation: `<base>/p/<id>` counts the click, then redirects. */
async function trackedUrl(deps: PackDeps, conversationId: string, url: string): Promise<string> {
  const link = await deps.store.trackedLinks.create({
    id: deps.ids.next(),
    conversationId,
    url,
    clicks: 0,
    createdAt: deps.clock.now().toISOString(),
    lastClickAt: null,
  });
  return `${deps.baseUrl}/p/${link.id}`;
}

/**
 * Creates the pack's checkout for the conversation's contact and sends its tracked link there. The
 * credit is stored (pending) only once the provider made the checkout: a refusal leaves nothing.
 */
export async function sendPackCheckout(
  deps: PackDeps,
  packId: string,
  conversationId: string,
): Promise<{ credit: PackCredit; paymentUrl: string; message: Message }> {
  if (!deps.provider)
    throw new ValidationError(
      'online payment is off: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET',
      'packId',
    );
  const pack = await packOf(deps, packId);
  const conversation = await deps.store.conversations.get(conversationId);
  if (!conversation || conversation.kind === 'direct') throw new NotFoundError('conversation not found');
  if (!conversation.contactId)
    throw new ValidationError('this conversation has no single customer to buy a pack', 'conversationId');
  const credit = creditOf(deps, pack, conversation.contactId, conversation.id);
  const checkout = await deps.provider.createPackCheckout({
    creditId: credit.id,
    amount: pack.price.amount,
    currency: pack.price.currency,
    description: `${pack.name} (${pack.sessions} sessions)`,
    expiresAt: new Date(deps.clock.now().getTime() + PACK_CHECKOUT_MS).toISOString(),
    successUrl: `${deps.baseUrl}/payments/done`,
    cancelUrl: `${deps.baseUrl}/payments/cancelled`,
  });
  const stored = await deps.store.packs.createCredit({
    ...credit,
    checkoutId: checkout.id,
    paymentUrl: checkout.url,
  });
  const paymentUrl = await trackedUrl(deps, conversation.id, checkout.url);
  const price = formatPrice(pack.price.amount, pack.price.currency) ?? '';
  const text = (await packTexts(deps.store, conversation.id)).offer(
    pack.name,
    pack.sessions,
    price,
    paymentUrl,
  );
  const sent = await sendToConversation(deps, conversation, { sender: SENDER, text });
  return { credit: stored, paymentUrl, message: sent.message };
}

/** The coach was paid otherwise: the contact gets the pack's sessions at once. */
export async function grantPack(deps: PackDeps, packId: string, contactId: string): Promise<PackCredit> {
  const pack = await packOf(deps, packId);
  if (!(await deps.store.contacts.get(contactId))) throw new NotFoundError('contact not found');
  const now = deps.clock.now().toISOString();
  return deps.store.packs.createCredit({
    ...creditOf(deps, pack, contactId, null),
    status: 'active',
    paidAt: now,
  });
}

/** The checkout was paid: pending → active once (a redelivery changes nothing), and the customer is told. */
export async function packPaid(deps: PackDeps, checkoutId: string): Promise<PackCredit | null> {
  const credit = await deps.store.packs.moveCredit(
    checkoutId,
    ['pending'],
    'active',
    deps.clock.now().toISOString(),
  );
  if (!credit?.conversationId) return credit;
  const conversation = await deps.store.conversations.get(credit.conversationId);
  if (conversation) {
    const text = (await packTexts(deps.store, conversation.id)).paid(credit.name, credit.sessions);
    await sendToConversation(deps, conversation, { sender: SENDER, text });
  }
  return credit;
}

/** The checkout ran out unpaid. */
export function packExpired(deps: PackDeps, checkoutId: string): Promise<PackCredit | null> {
  return deps.store.packs.moveCredit(checkoutId, ['pending'], 'expired', deps.clock.now().toISOString());
}

/** The payment was refunded: the sessions left are gone. */
export function packRefunded(deps: PackDeps, checkoutId: string): Promise<PackCredit | null> {
  return deps.store.packs.moveCredit(checkoutId, ['active'], 'refunded', deps.clock.now().toISOString());
}
