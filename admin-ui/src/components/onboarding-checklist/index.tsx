import { useI18n } from '../../lib/i18n.js';
import { getOnboarding, type OnboardingStepId } from '../../lib/onboarding.js';
import { useLoad } from '../../lib/use-load.js';
import s from './style.module.css';

/** Where each step is done. */
const PAGES: Record<OnboardingStepId, string> = {
  catalog: '/admin/catalog',
  link: '/admin/links',
  channel: '/admin/channels',
  assistant: '/admin/assistant',
  campaign: '/admin/campaigns',
};

/**
 * A new installation's first steps, on the owner's dashboard until they are all done: each says
 * whether it is done and links to the page where it is. Nothing shows while loading or on an error
 * (the dashboard's figures matter more).
 */
export function OnboardingChecklist() {
  const { t } = useI18n();
  const onboarding = useLoad(getOnboarding, []);
  const data = onboarding.load.data;
  if (!data || data.done === data.steps.length) return null;
  return (
    <section class={`panel ${s.checklist}`} aria-labelledby="onboarding-heading">
      <h2 id="onboarding-heading">{t('onboarding.title')}</h2>
      <p class="muted">{t('onboarding.progress', { done: data.done, total: data.steps.length })}</p>
      <progress max={data.steps.length} value={data.done} aria-label={t('onboarding.title')} />
      <ol class={s.steps}>
        {data.steps.map((step) => (
          <li key={step.id} class={step.done ? s.done : ''}>
            <span class={s.mark} aria-hidden="true">
              {step.done ? '✓' : ''}
            </span>
            <span>
              <a href={PAGES[step.id]}>{t(`onboarding.${step.id}`)}</a>
              <span class="visually-hidden">
                {' '}
                ({step.done ? t('onboarding.stepDone') : t('onboarding.stepTodo')})
              </span>
              <span class={s.hint}>{t(`onboarding.${step.id}Hint`)}</span>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
