"use client";

import { useFormStatus } from "react-dom";

type FieldProps = {
  label: string;
  name: string;
  /** Needed when the page has several fields of one name (one form per row): `field-{name}` by default. */
  id?: string;
  type?: string;
  defaultValue?: string;
  errors?: string[];
  autoComplete?: string;
  placeholder?: string;
  required?: boolean;
  maxLength?: number;
  hint?: string;
  onChange?: (event: React.ChangeEvent<HTMLInputElement>) => void;
};

export function TextField({ label, name, id: idProp, type = "text", errors, hint, ...rest }: FieldProps) {
  const id = idProp ?? `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-errors` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
        className="block w-full rounded border-2 border-field bg-white px-3 py-2 text-slate-900 focus:border-brand focus:outline-none aria-invalid:border-accent"
        {...rest}
      />
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      )}
      <FieldErrors id={`${id}-errors`} errors={errors} />
    </div>
  );
}

/** A multi-line field with its label and errors (a contestation's reason, a decision's motive). */
export function TextArea({ id, label, name, defaultValue, errors, rows = 4, maxLength }: { id: string; label: string; name: string; defaultValue?: string; errors?: string[]; rows?: number; maxLength?: number }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        rows={rows}
        maxLength={maxLength}
        defaultValue={defaultValue}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `${id}-errors` : undefined}
        className="block w-full rounded border-2 border-field bg-white px-3 py-2 text-slate-900 focus:border-brand focus:outline-none aria-invalid:border-accent"
      />
      <FieldErrors id={`${id}-errors`} errors={errors} />
    </div>
  );
}

export function FieldErrors({ id, errors }: { id?: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <ul id={id} className="space-y-0.5 text-sm text-accent">
      {errors.map((error) => (
        <li key={error}>{error}</li>
      ))}
    </ul>
  );
}

export function SubmitButton({ children, className = "" }: { children: React.ReactNode; className?: string }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      className={`inline-flex items-center justify-center gap-2 rounded bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark disabled:opacity-60 ${className}`}
    >
      <span aria-hidden="true">✓</span> {children}
    </button>
  );
}

/** The form's overall message: an error in red, a confirmation in green. */
export function FormMessage({ message, ok }: { message?: string; ok?: boolean }) {
  if (!message) return null;
  return (
    <p
      role={ok ? "status" : "alert"}
      className={`rounded border px-3 py-2 text-sm ${ok ? "border-green-300 bg-green-50 text-green-900" : "border-red-300 bg-red-50 text-red-900"}`}
    >
      {message}
    </p>
  );
}

/** A select with its label, hint and errors, linked as TextField links them. */
export function SelectField({ id, label, name, options, errors, hint, ...rest }: {
  id: string; label: string; name: string; options: [string, string][]; errors?: string[]; hint?: string;
  defaultValue?: string; onChange?: (event: React.ChangeEvent<HTMLSelectElement>) => void; required?: boolean;
}) {
  const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-errors` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        id={id}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
        className="block w-full rounded border-2 border-field bg-white px-3 py-2 text-slate-900 focus:border-brand focus:outline-none aria-invalid:border-accent"
        {...rest}
      >
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      )}
      <FieldErrors id={`${id}-errors`} errors={errors} />
    </div>
  );
}
