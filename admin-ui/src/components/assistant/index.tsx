import { getAssistant } from '../../lib/catalog.js';
import { useI18n } from '../../lib/i18n.js';
import { useLoad } from '../../lib/use-load.js';
import { AssistantForm } from '../assistant-form/index.js';
import { BusinessHours } from '../business-hours/index.js';
import { LoadView } from '../load-view/index.js';
import { PageHeader } from '../page-header/index.js';
import { TestChat } from '../test-chat/index.js';
import s from './style.module.css';

/** `/admin/assistant`: every setting of the assistant, and a test chat in either mode. */
export function Assistant() {
  const { t } = useI18n();
  const settings = useLoad(getAssistant, []);
  return (
    <>
      <PageHeader title={t('assistant.title')} />
      <div class={s.columns}>
        <LoadView load={settings.load} retry={settings.reload}>
          {(data) => <AssistantForm settings={data} onSaved={(saved) => settings.set(() => saved)} />}
        </LoadView>
        <TestChat />
      </div>
      <BusinessHours />
    </>
  );
}
