import s from './style.module.css';

export interface FieldProps {
  id: string;
  label: string;
  type: 'text' | 'email' | 'password';
  value: string;
  onInput(value: string): void;
  autocomplete: string;
  required?: boolean;
  minLength?: number;
  hint?: string;
  /** The API's complaint about this field, shown under it and announced with it. */
  error?: string | undefined;
}

/** A labelled input with an optional hint and error, both tied to it for screen readers. */
export function Field({
  id,
  label,
  type,
  value,
  onInput,
  autocomplete,
  required,
  minLength,
  hint,
  error,
}: FieldProps) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ');
  return (
    <div class={s.field}>
      <label for={id}>{label}</label>
      <input
        id={id}
        name={id}
        type={type}
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
        autocomplete={autocomplete}
        required={required}
        minLength={minLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {hint && (
        <p id={hintId} class={s.hint}>
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} class={s.error} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
