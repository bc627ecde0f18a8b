import type { ReactNode } from 'react';
import { FormField } from '../FormField';

// Form controls of the policy editor. Each input's id derives from its field path, so that an
// error or a conflicting constraint can take the user to it.

export const fieldId = (path: string) => `alloc-f-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** Focuses and reveals the control of a field path, if it is on screen. */
export function focusField(path: string): boolean {
  const el = document.getElementById(fieldId(path));
  if (!el) return false;
  el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  el.focus({ preventScroll: true });
  return true;
}

/** A number typed as text (so partial input such as "-" or "0." stays), with its unit. */
export function NumInput({
  path,
  value,
  onChange,
  unit,
  placeholder,
  invalid,
  conflict,
  label,
}: {
  path: string;
  value: string;
  onChange: (v: string) => void;
  unit?: string;
  placeholder?: string;
  invalid?: boolean;
  conflict?: boolean;
  /** For inputs without a visible label (table cells). */
  label?: string;
}) {
  return (
    <span className={`alloc-num${invalid ? ' invalid' : ''}${conflict ? ' conflict' : ''}`}>
      <input
        id={fieldId(path)}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        value={value}
        placeholder={placeholder}
        aria-label={label}
        aria-invalid={invalid || undefined}
        onChange={(e) => onChange(e.target.value)}
        data-testid={fieldId(path)}
      />
      {unit && <i>{unit}</i>}
    </span>
  );
}

/** A labelled number field: the label, the input with its unit, the error under it. */
export function NumField({
  label,
  path,
  value,
  onChange,
  unit,
  placeholder,
  errors,
  highlight,
  hint,
}: {
  label: string;
  path: string;
  value: string;
  onChange: (v: string) => void;
  unit?: string;
  placeholder?: string;
  errors: Record<string, string>;
  highlight?: Set<string>;
  hint?: ReactNode;
}) {
  const error = errors[path];
  return (
    <FormField label={label} error={error}>
      <NumInput
        path={path}
        value={value}
        onChange={onChange}
        unit={unit}
        placeholder={placeholder}
        invalid={!!error}
        conflict={highlight?.has(path)}
      />
      {hint && !error && <small className="alloc-field-hint">{hint}</small>}
    </FormField>
  );
}

/** An error under a table cell's input. */
export function CellError({ error }: { error: string | undefined }) {
  return error ? (
    <em className="field-error" role="alert">
      {error}
    </em>
  ) : null;
}
