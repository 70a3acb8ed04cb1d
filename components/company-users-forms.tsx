"use client";

import { useActionState } from "react";
import { inviteUserAction, userAction } from "@/app/company-users-actions";
import { FieldErrors, FormMessage, SubmitButton, TextField } from "@/components/form";
import { initialFormState } from "@/lib/form-state";

/** The buttons of one user's row, with the refusal (e.g. the last administrator) shown next to them. */
export function UserActions({ userId, name, ops }: { userId: number; name: string; ops: { op: string; label: string }[] }) {
  const [state, action, pending] = useActionState(userAction, initialFormState);
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="userId" value={userId} />
      <div className="flex flex-wrap gap-1">
        {ops.map(({ op, label }) => (
          <button
            key={op}
            type="submit"
            name="op"
            value={op}
            disabled={pending}
            aria-label={`${label} : ${name}`}
            className="rounded border border-slate-300 bg-white px-2 py-1 text-xs font-medium whitespace-nowrap hover:bg-slate-50 disabled:opacity-60"
          >
            {label}
          </button>
        ))}
      </div>
      {state.message && (
        <p role={state.ok ? "status" : "alert"} className={`text-xs ${state.ok ? "text-green-800" : "text-accent"}`}>
          {state.message}
        </p>
      )}
    </form>
  );
}

export function InviteUserForm({ companyId }: { companyId: number }) {
  const [state, action] = useActionState(inviteUserAction.bind(null, companyId), initialFormState);
  return (
    <form action={action} className="mt-4 space-y-3 border-t border-slate-200 pt-4" aria-labelledby="invite-title">
      <h3 id="invite-title" className="font-semibold">
        Inviter un utilisateur
      </h3>
      <FormMessage message={state.message} ok={state.ok} />
      <div className="grid gap-3 md:grid-cols-3">
        <TextField label="Nom" name="name" errors={state.errors?.name} defaultValue={state.ok ? "" : state.values?.name} maxLength={120} required />
        <TextField label="Email" name="email" type="email" errors={state.errors?.email} defaultValue={state.ok ? "" : state.values?.email} maxLength={254} required />
        <div className="space-y-1">
          <label htmlFor="invite-role" className="block text-sm font-medium text-slate-800">
            Rôle
          </label>
          <select id="invite-role" name="role" defaultValue={state.values?.role ?? "UTILISATEUR"} className="block w-full rounded border-2 border-field bg-white px-3 py-2">
            <option value="UTILISATEUR">Utilisateur</option>
            <option value="ADMINISTRATEUR">Administrateur</option>
          </select>
          <FieldErrors errors={state.errors?.role} />
        </div>
      </div>
      <SubmitButton>Inviter</SubmitButton>
    </form>
  );
}
