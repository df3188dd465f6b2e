import { useI18n } from '../../lib/i18n.js';
import { useSession } from '../../lib/session.js';
import { Layout } from '../layout/index.js';
import s from './style.module.css';

export function Home() {
  const { t } = useI18n();
  const { user } = useSession();
  return (
    <Layout>
      <h1>{t('home.title')}</h1>
      {user && <p class={s.who}>{t('home.signedInAs', { name: user.name, email: user.email })}</p>}
    </Layout>
  );
}
