import { useState } from 'preact/hooks';
import { ApiError } from '../../lib/fetch-json.js';
import { useI18n } from '../../lib/i18n.js';
import { IMAGE_TYPES, uploadLogo } from '../../lib/web-chat.js';
import { Field } from '../field/index.js';
import s from './style.module.css';

/** The logo: an https:// address typed, or an image uploaded (its address fills the field). */
export function LogoField({
  value,
  error,
  onChange,
}: {
  value: string;
  error: string | undefined;
  onChange(value: string): void;
}) {
  const { t } = useI18n();
  const [uploadError, setUploadError] = useState<string | null>(null);
  const upload = async (file: File) => {
    setUploadError(null);
    try {
      onChange((await uploadLogo(file)).logoUrl);
    } catch (failure) {
      const refused = failure instanceof ApiError && (failure.field === 'file' || failure.status === 413);
      setUploadError(refused ? t('fieldError.image') : t('error.generic', { code: String(failure) }));
    }
  };
  return (
    <>
      <Field
        id="brand-logo"
        label={t('webChat.logoUrl')}
        hint={t('webChat.logoUrlHint')}
        value={value}
        onInput={onChange}
        placeholder="https://"
        error={error}
      />
      <div class={`row ${s.logoRow}`}>
        <label class={s.upload}>
          {t('webChat.logoUpload')}
          <input
            type="file"
            accept={IMAGE_TYPES}
            class="visually-hidden"
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              event.currentTarget.value = '';
              if (file) void upload(file);
            }}
          />
        </label>
        {value && (
          <button type="button" onClick={() => onChange('')}>
            {t('webChat.logoRemove')}
          </button>
        )}
      </div>
      {uploadError && (
        <p class={s.error} role="alert">
          {uploadError}
        </p>
      )}
    </>
  );
}
