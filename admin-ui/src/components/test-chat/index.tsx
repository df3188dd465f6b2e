import { useState } from 'preact/hooks';
import { previewAssistant } from '../../lib/catalog.js';
import { useI18n } from '../../lib/i18n.js';
import { useSubmit } from '../../lib/use-submit.js';
import { Field } from '../field/index.js';
import { FormAlert } from '../form-alert/index.js';
import s from './style.module.css';

interface Turn {
  role: 'user' | 'assistant';
  text: string;
  guard?: string[];
}

/** Asks the assistant as a customer of a STANDARD or STRICT link would, without storing a conversation. */
export function TestChat() {
  const { t } = useI18n();
  const [mode, setMode] = useState<'standard' | 'strict'>('standard');
  const [prompt, setPrompt] = useState('');
  const [text, setText] = useState('');
  const [turns, setTurns] = useState<Turn[]>([]);
  const submit = useSubmit(['mode', 'customPrompt', 'messages']);

  const ask = (event: Event) => {
    event.preventDefault();
    if (!text.trim()) return;
    const history: Turn[] = [...turns, { role: 'user', text }];
    void submit.run(async () => {
      const answer = await previewAssistant({
        mode,
        customPrompt: mode === 'strict' ? prompt : undefined,
        messages: history.map(({ role, text: said }) => ({ role, text: said })),
      });
      setTurns([
        ...history,
        { role: 'assistant', text: answer.text, guard: answer.guard?.map((g) => g.removed) },
      ]);
      setText('');
    });
  };

  return (
    <section class="panel" aria-labelledby="test-chat-title">
      <h2 id="test-chat-title" class={s.title}>
        {t('assistant.test')}
      </h2>
      <p class="muted">{t('assistant.testHint')}</p>
      <Field
        id="test-mode"
        label={t('links.mode')}
        value={mode}
        onInput={(value) => {
          setMode(value as 'standard' | 'strict');
          setTurns([]);
        }}
        options={[
          { value: 'standard', label: 'STANDARD' },
          { value: 'strict', label: 'STRICT' },
        ]}
        error={submit.placed.fields.mode}
      />
      {mode === 'strict' && (
        <Field
          id="test-prompt"
          label={t('links.customPrompt')}
          value={prompt}
          onInput={setPrompt}
          rows={3}
          error={submit.placed.fields.customPrompt}
        />
      )}
      <ol class={s.turns} aria-live="polite">
        {turns.length === 0 && <li class="muted">{t('assistant.testEmpty')}</li>}
        {turns.map((turn, index) => (
          <li key={index} class={turn.role === 'user' ? s.user : s.bot}>
            <span class={s.bubble}>{turn.text}</span>
            {turn.guard && turn.guard.length > 0 && (
              <span class={s.guard}>{t('conv.guard', { items: turn.guard.join(', ') })}</span>
            )}
          </li>
        ))}
      </ol>
      <form onSubmit={ask}>
        <FormAlert message={submit.placed.form} />
        <Field
          id="test-text"
          label={t('assistant.testMessage')}
          value={text}
          onInput={setText}
          error={submit.placed.fields.messages}
        />
        <div class="row">
          <button type="submit" class="primary" disabled={submit.pending || !text.trim()}>
            {t('assistant.testSend')}
          </button>
          {turns.length > 0 && (
            <button type="button" onClick={() => setTurns([])}>
              {t('remove')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
