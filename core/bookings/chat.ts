/**
 * Booking in the conversation, decided by code: a button (or its number on channels without
 * buttons), CANCEL, or a message asking to book or about classes. The assistant never books: a
 * message naming a day and time books that session if exactly one matches; otherwise the next sessions
 * are offered as buttons. Anything else goes on to the assistant.
 */
import { KoraError } from '../errors.js';
import type { Contact, Conversation, Message, MessageAction } from '../types.js';
import { detectLanguage, type Language } from '../text.js';
import { localParts } from './calendar.js';
import { sendBookingMessage } from './notify.js';
import { type SessionView, sessionsIn } from './schedule-view.js';
import type { BookingService } from './service.js';
import { describeSession, formatWhen, texts } from './texts.js';
import { matchesWanted, parseWanted, wantsSomething } from './when.js';

const ACTION = /^(book|accept|cancel):(.+)$/;
const CANCEL_WORD = /^\s*(cancel|annuler|annule|absagen|stornieren)\s*[.!]?\s*$/i;
const NUMBER = /^\s*([1-9])\s*[.)]?\s*$/;
const BOOK_WORDS = /\b(r[ée]serv\w*|book\w*|buch\w*|inscri\w*|anmeld\w*)/i;
const CLASS_WORDS = /\b(cours|classes?|s[ée]ances?|planning|horaires?|schedule|kurs\w*|stunden?plan)\b/i;
/** Asking when or which, not what it costs or what it is: only then does a class question list sessions. */
const WHEN_WORDS =
  /(\bquand\b|\bquel(le)?s?\b|\bprochain\w*|\bhoraires?\b|\bplanning\b|\bdispo\w*|\bplaces?\b|\bwhen\b|\bwhich\b|\bnext\b|\bschedule\b|\bavailab\w*|\bwann\b|\bwelche\w*|\bnächste\w*|\btermine?\b|\bstundenplan\b)/i;
const PRICE_WORDS = /\b(combien|prix|tarifs?|co[uû]te?\w*|price\w*|cost\w*|how much|kostet|preis\w*)\b/i;
/** How far ahead the chat looks for sessions. */
const HORIZON_MS = 14 * 86_400_000;
const LISTED = 5;

export class BookingChat {
  constructor(private readonly service: BookingService) {}

  /** Whether the message is the booking flow's (cheap: the engine asks before queueing a turn). */
  claims(conversation: Conversation, message: Message): boolean {
    if (conversation.kind !== 'assistant' || message.sender.type !== 'contact') return false;
    const action = message.actions?.[0]?.id;
    if (action && ACTION.test(action)) return true;
    if (conversation.handoff) return false;
    const text = message.text;
    if (CANCEL_WORD.test(text) || NUMBER.test(text) || BOOK_WORDS.test(text)) return true;
    // "Combien coûte le cours ?" is the assistant's; "Quels cours mardi ?" is the schedule's.
    const asksWhen = WHEN_WORDS.test(text) || wantsSomething(parseWanted(text));
    return CLASS_WORDS.test(text) && asksWhen && !PRICE_WORDS.test(text);
  }

  /** Handles a claimed message; false when it was not for bookings after all (the assistant answers). */
  async handle(conversation: Conversation, message: Message, contact: Contact): Promise<boolean> {
    const lang = detectLanguage(message.text);
    const chosen = message.actions?.[0]?.id ?? (await this.#numbered(conversation, message.text));
    const match = chosen ? ACTION.exec(chosen) : null;
    try {
      if (match) return await this.#act(conversation, contact, match[1]!, match[2]!, lang);
      if (CANCEL_WORD.test(message.text)) return await this.#cancelNext(conversation, contact, lang);
      if (NUMBER.test(message.text)) return false;
      return await this.#ask(conversation, contact, message.text, lang);
    } catch (error) {
      if (!(error instanceof KoraError)) throw error;
      await this.#say(conversation, texts(lang).gone);
      return true;
    }
  }

  /** "2" after a message with buttons: its second button. */
  async #numbered(conversation: Conversation, text: string): Promise<string | undefined> {
    const number = NUMBER.exec(text);
    if (!number) return undefined;
    const recent = await this.service.deps.store.messages.list(conversation.id, { limit: 10 });
    const offer = recent.find((m) => m.sender.type !== 'contact' && m.actions?.length);
    return offer?.actions?.[Number(number[1]) - 1]?.id;
  }

  async #act(conversation: Conversation, contact: Contact, verb: string, id: string, lang: Language) {
    if (verb === 'book') {
      const strict = conversation.mode === 'strict';
      await this.service.book({
        contactId: contact.id,
        conversationId: conversation.id,
        sessionId: id,
        strict,
      });
    } else if (verb === 'accept') {
      await this.service.accept(id, contact.id);
    } else {
      const booking = await this.service.cancel(id, { contactId: contact.id, reason: 'customer' });
      await this.#tellCancelled(conversation, booking.classId, booking.startsAt, lang);
    }
    return true;
  }

  async #cancelNext(conversation: Conversation, contact: Contact, lang: Language): Promise<boolean> {
    const { store, clock } = this.service.deps;
    const mine = await store.bookings.activeOf(contact.id, clock.now().toISOString());
    const next = mine.find((b) => b.conversationId === conversation.id) ?? null;
    if (!next) {
      await this.#say(conversation, texts(lang).nothingToCancel);
      return true;
    }
    const booking = await this.service.cancel(next.id, { contactId: contact.id, reason: 'customer' });
    await this.#tellCancelled(conversation, booking.classId, booking.startsAt, lang);
    return true;
  }

  async #tellCancelled(conversation: Conversation, classId: string, startsAt: string, lang: Language) {
    const klass = await this.service.deps.store.classes.get(classId);
    const what = describeSession(klass?.title ?? '', startsAt, this.service.deps.timeZone, lang);
    await this.#say(conversation, texts(lang).cancelled(what));
  }

  /** A day and time naming exactly one session books it; otherwise the next sessions as buttons. */
  async #ask(conversation: Conversation, contact: Contact, text: string, lang: Language): Promise<boolean> {
    const sessions = await this.bookable(conversation);
    if (sessions.length === 0) {
      if ((await this.service.deps.store.classes.list()).length === 0) return false;
      await this.#say(conversation, texts(lang).none);
      return true;
    }
    const wanted = parseWanted(text);
    const { timeZone, clock } = this.service.deps;
    const today = localParts(clock.now(), timeZone).date;
    const matching = wantsSomething(wanted)
      ? sessions.filter((s) => {
          const local = localParts(s.startsAt, timeZone);
          return matchesWanted(wanted, local.date, local.time, today);
        })
      : [];
    if (matching.length === 1 && BOOK_WORDS.test(text)) {
      return this.#act(conversation, contact, 'book', matching[0]!.id, lang);
    }
    const shown = (matching.length > 0 ? matching : sessions).slice(0, LISTED);
    await this.#say(
      conversation,
      texts(lang).list,
      shown.map((s) => this.#button(s, conversation, lang)),
    );
    return true;
  }

  /** Upcoming sessions this conversation may book: not cancelled; free ones only on STRICT. */
  async bookable(conversation: Conversation): Promise<SessionView[]> {
    const { store, clock, timeZone } = this.service.deps;
    const now = clock.now();
    const all = await sessionsIn(store, now, new Date(now.getTime() + HORIZON_MS), timeZone);
    return all.filter((s) => !s.cancelled && (conversation.mode !== 'strict' || s.klass.payment === 'free'));
  }

  #button(session: SessionView, conversation: Conversation, lang: Language): MessageAction {
    const when = formatWhen(session.startsAt, this.service.deps.timeZone, lang);
    const price =
      conversation.mode === 'standard' && session.klass.price
        ? ` · ${session.klass.price.currency} ${session.klass.price.amount}`
        : '';
    const full = session.placesLeft === 0 ? (lang === 'fr' ? ' (complet)' : ' (full)') : '';
    return { id: `book:${session.id}`, label: `${session.title}, ${when}${price}${full}` };
  }

  async #say(conversation: Conversation, text: string, actions?: MessageAction[]): Promise<void> {
    await sendBookingMessage(this.service.deps, conversation.id, () => ({
      text,
      ...(actions ? { actions } : {}),
    }));
  }
}
