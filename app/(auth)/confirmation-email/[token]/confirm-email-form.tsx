"use client";

import { useActionState } from "react";
import { Link } from "@/components/link";
import { FormMessage, SubmitButton } from "@/components/form";
import { initialFormState } from "@/lib/form-state";
import { confirmEmailAction } from "./actions";

export function ConfirmEmailForm({ token, newEmail }: { token: string; newEmail: string }) {
  const [state, action] = useActionState(confirmEmailAction.bind(null, token), initialFormState);
  if (state.ok) {
    return (
      <div className="space-y-4">
        <FormMessage message={state.message} ok />
        <p className="text-center">
          <Link href="/mon-profil" className="inline-block rounded bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark">
            Aller à MyOpenIP
          </Link>
        </p>
      </div>
    );
  }
  return (
    <form action={action} className="space-y-4">
      <FormMessage message={state.message} />
      <p className="text-slate-800">
        Nouvelle adresse email de votre compte : <strong className="break-all">{newEmail}</strong>
      </p>
      <SubmitButton className="w-full">Confirmer cette adresse</SubmitButton>
    </form>
  );
}
