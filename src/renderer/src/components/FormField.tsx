import type { ReactNode } from 'react';

/** A labelled form control with the server's message for that field under it. */
export function FormField({
  label,
  error,
  children,
  wide = false,
}: {
  label: string;
  error?: string | undefined;
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <label className={`field${wide ? ' wide' : ''}${error ? ' invalid' : ''}`}>
      <span>{label}</span>
      {children}
      {error && (
        <em className="field-error" role="alert">
          {error}
        </em>
      )}
    </label>
  );
}
