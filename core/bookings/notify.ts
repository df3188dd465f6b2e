/**
 * Booking messages go into the conversation the booking was made in, on its channel, through the one
 * outbound path (message + outbox). Buttons travel as the message's `actions`; on a channel without
 * buttons they are also written as numbered choices. A STRICT conversation's message passes the STRICT
 * guard like any assistant answer (it never carries a price by construction; the guard makes sure).
 */
import { ASSISTANT_NAME } from '../assistant/defaults.js';
import { guardStrict, strictPolicy } from '../assistant/guard/index.js';
import type { ChannelDirectory } from '../channels/directory.js';
import { type OutboundDeps, type OutboundInput, sendToConversation, stageOutbound } from '../outbound.js';
import type { Repositories } from '../repositories.js';
import { detectLanguage, type Language } from '../text.js';
import type { Conversation, Media, Message, MessageAction } from '../types.js';
import { texts } from './texts.js';

export interface NotifyDeps extends OutboundDeps {
  timeZone: string;
  publicUrl: string;
  /** Which channels show buttons; unset: none do (numbered choices everywhere). */
  channels?: ChannelDirectory;
}

/** The language of the customer's latest message in the conversation (French on no evidence). */
export async function conversationLanguage(deps: NotifyDeps, conversationId: string): Promise<Language> {
  const recent = await deps.store.messages.list(conversationId, { limit: 10 });
  const theirs = recent.find((message) => message.sender.type === 'contact');
  return detectLanguage(theirs?.text ?? '');
}

/** The outbound message for `text` and its buttons in `conversation` (guarded, numbered where needed). */
export function bookingOutbound(
  deps: NotifyDeps,
  conversation: Conversation,
  lang: Language,
  text: string,
  actions: MessageAction[] = [],
  media: Media[] = [],
): OutboundInput {
  let body = text;
  if (actions.length > 0 && !deps.channels?.can(conversation.channel, 'buttons')) {
    const lines = actions.map((action, i) => `${i + 1}. ${action.label}`);
    body = `${text}\n${lines.join('\n')}\n${texts(lang).choose(actions.length)}`;
  }
  const input: OutboundInput = {
    sender: { type: 'assistant', name: ASSISTANT_NAME },
    text: body,
    actions,
    media,
  };
  if (conversation.mode === 'strict') {
    const guarded = guardStrict(body, strictPolicy({ publicUrl: deps.publicUrl }));
    input.text = guarded.text;
    if (guarded.interventions.length > 0) input.guard = guarded.interventions;
  }
  return input;
}

export interface Composed {
  text: string;
  actions?: MessageAction[];
  media?: Media[];
}

/** Sends into the conversation; null when it no longer exists. */
export async function sendBookingMessage(
  deps: NotifyDeps,
  conversationId: string | null,
  compose: (lang: Language) => Composed | Promise<Composed>,
): Promise<Message | null> {
  if (!conversationId) return null;
  const conversation = await deps.store.conversations.get(conversationId);
  if (!conversation) return null;
  const lang = await conversationLanguage(deps, conversationId);
  const { text, actions, media } = await compose(lang);
  const input = bookingOutbound(deps, conversation, lang, text, actions, media);
  const sent = await sendToConversation(deps, conversation, input);
  return sent.message;
}

/** Stages the message in the caller's transaction (a reminder and its ledger row commit together). */
export function stageBookingMessage(
  deps: NotifyDeps,
  tx: Repositories,
  conversation: Conversation,
  lang: Language,
  text: string,
) {
  return stageOutbound(deps, tx, conversation, bookingOutbound(deps, conversation, lang, text));
}
