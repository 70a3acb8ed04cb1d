/** What a server action returns to its form (`useActionState`). */
export type FormState = {
  ok?: boolean;
  message?: string;
  errors?: Record<string, string[] | undefined>;
  /** The submitted values, to refill the form after a refusal. */
  values?: Record<string, string>;
};

export const initialFormState: FormState = {};
