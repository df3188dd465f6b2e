/**
 * The coach's test chat (admin panel, Assistant section): what the assistant would answer to a few
 * turns in STANDARD or STRICT mode, with the real provider, prompt and STRICT guard, and nothing
 * stored, sent or tracked. A customer asking for a person gets the handoff answer, as in a real turn.
 */
import type { CatalogCache } from '../catalog.js';
import { newConversation } from '../conversations.js';
import type { Clock } from '../ids.js';
import type { EntryLink, GuardIntervention, LinkMode } from '../types.js';
import { asksForHuman } from './handoff.js';
import { callProvider, type ProviderCallDeps } from './provider-call.js';
import type { ChatTurn } from './provider.js';
import { guardAnswer } from './strict-guard.js';
import { handoffReply, languageOf } from './system-replies.js';

export interface TestChatInput {
  mode: LinkMode;
  /** The STRICT prompt to try (a link's `customPrompt`). */
  customPrompt?: string;
  /** Oldest first; the last one is the customer's. */
  messages: { role: 'user' | 'assistant'; text: string }[];
}

export interface TestChatAnswer {
  text: string;
  handoff: boolean;
  /** The question would be left to the coach (the conversation would wait for them; no handoff). */
  forCoach?: boolean;
  guard?: GuardIntervention[];
}

export interface TestChatDeps extends ProviderCallDeps {
  catalog: CatalogCache;
  clock: Clock;
  /** The public URL: STRICT answers may link to it (the turn's own setting). */
  trackingBaseUrl?: string;
}

export async function testChatAnswer(deps: TestChatDeps, input: TestChatInput): Promise<TestChatAnswer> {
  const last = input.messages.at(-1)?.text ?? '';
  if (asksForHuman(last)) return { text: handoffReply(languageOf(last)), handoff: true };
  const snapshot = await deps.catalog.get();
  const now = deps.clock.now().toISOString();
  const conversation = newConversation(
    { id: 'test-chat', kind: 'assistant', title: 'Test chat', channel: 'web', mode: input.mode },
    now,
  );
  const link: EntryLink | null =
    input.mode === 'strict'
      ? {
          id: 'test-chat',
          name: 'Test chat',
          mode: 'strict',
          customPrompt: input.customPrompt ?? null,
          token: '',
          code: '',
          createdAt: now,
          updatedAt: now,
        }
      : null;
  const history: ChatTurn[] = input.messages.map((m) => ({ role: m.role, content: m.text }));
  const reply = await callProvider(deps, snapshot, conversation, link, history);
  const answer = { text: reply.text, handoff: false, forCoach: reply.forCoach === true };
  return guardAnswer(conversation, answer, snapshot, deps.trackingBaseUrl);
}
