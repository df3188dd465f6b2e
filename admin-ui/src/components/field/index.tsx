import s from './style.module.css';

export interface FieldProps {
  id: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'number' | 'url' | 'datetime-local' | 'search' | 'date' | 'time';
  value: string;
  onInput(value: string): void;
  autocomplete?: string;
  /** The on-screen keyboard to show (`numeric` for codes). */
  inputMode?: 'text' | 'numeric';
  required?: boolean;
  minLength?: number;
  placeholder?: string;
  hint?: string | undefined;
  /** A textarea of this many rows instead of an input. */
  rows?: number;
  /** A select of these options instead of an input. */
  options?: { value: string; label: string }[];
  step?: string;
  min?: string;
  /** The API's complaint about this field, shown under it and announced with it. */
  error?: string | undefined;
  onKeyDown?: (event: KeyboardEvent) => void;
}

/** A labelled input, textarea or select with an optional hint and error, both tied to it for screen readers. */
export function Field({
  id,
  label,
  type = 'text',
  value,
  onInput,
  autocomplete,
  inputMode,
  required,
  minLength,
  placeholder,
  hint,
  rows,
  options,
  step,
  min,
  error,
  onKeyDown,
}: FieldProps) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ');
  const common = {
    id,
    name: id,
    value,
    required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
  };
  const input = (event: Event) => onInput((event.currentTarget as HTMLInputElement).value);
  let control: preact.JSX.Element;
  if (options) {
    control = (
      <select {...common} onChange={input}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    );
  } else if (rows) {
    control = (
      <textarea {...common} rows={rows} placeholder={placeholder} onInput={input} onKeyDown={onKeyDown} />
    );
  } else {
    control = (
      <input
        {...common}
        type={type}
        onInput={input}
        autocomplete={autocomplete}
        inputMode={inputMode}
        minLength={minLength}
        placeholder={placeholder}
        step={step}
        min={min}
        onKeyDown={onKeyDown}
      />
    );
  }
  return (
    <div class={s.field}>
      <label for={id}>{label}</label>
      {control}
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

/** A labelled checkbox. */
export function Check({
  id,
  label,
  checked,
  onChange,
  disabled,
  describedBy,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
  disabled?: boolean;
  /** The id of the text explaining the box (why it is disabled). */
  describedBy?: string;
}) {
  return (
    <label class={s.check} for={id}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />
      {label}
    </label>
  );
}
