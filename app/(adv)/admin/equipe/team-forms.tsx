"use client";

import { useActionState } from "react";
import { changeStaffRoleAction, inviteStaffUserAction } from "./actions";
import { FieldErrors, FormMessage, SubmitButton, TextField } from "@/components/form";
import { initialFormState } from "@/lib/form-state";
import type { StaffRole } from "@/lib/domain/user-roles";

/** The ADV ↔ Support switch of one member's row. */
export function StaffRoleForm({ userId, name, staffRole }: { userId: number; name: string; staffRole: StaffRole }) {
  const [state, action, pending] = useActionState(changeStaffRoleAction, initialFormState);
  const other: StaffRole = staffRole === "ADV" ? "SUPPORT" : "ADV";
  const label = other === "ADV" ? "Passer ADV" : "Passer Support";
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="userId" value={userId} />
      <button
        type="submit"
        name="staffRole"
        value={other}
        disabled={pending}
        aria-label={`${label} : ${name}`}
        className="rounded border border-slate-300 bg-white px-2 py-1 text-xs font-medium whitespace-nowrap hover:bg-slate-50 disabled:opacity-60"
      >
        {label}
      </button>
      {state.message && (
        <p role={state.ok ? "status" : "alert"} className={`text-xs ${state.ok ? "text-green-800" : "text-accent"}`}>
          {state.message}
        </p>
      )}
    </form>
  );
}

export function InviteStaffUserForm() {
  const [state, action] = useActionState(inviteStaffUserAction, initialFormState);
  const values = state.ok ? {} : (state.values ?? {});
  return (
    <form action={action} className="space-y-3" aria-label="Inviter un membre de l'équipe">
      <FormMessage message={state.message} ok={state.ok} />
      <TextField label="Nom" name="name" errors={state.errors?.name} defaultValue={values.name} maxLength={120} required />
      <TextField label="Email" name="email" type="email" errors={state.errors?.email} defaultValue={values.email} maxLength={254} required />
      <div className="space-y-1">
        <label htmlFor="invite-staff-role" className="block text-sm font-medium text-slate-800">
          Rôle
        </label>
        <select
          id="invite-staff-role"
          name="staffRole"
          defaultValue={values.staffRole ?? "ADV"}
          aria-describedby={state.errors?.staffRole ? "invite-staff-role-errors" : undefined}
          className="block w-full rounded border-2 border-field bg-white px-3 py-2"
        >
          <option value="ADV">ADV (administration des ventes)</option>
          <option value="SUPPORT">Support (service clients)</option>
        </select>
        <FieldErrors id="invite-staff-role-errors" errors={state.errors?.staffRole} />
      </div>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="administrator" defaultChecked={values.administrator === "on"} className="mt-1" />
        <span>Administrateur : gère l&apos;équipe, le catalogue et les paramètres</span>
      </label>
      <SubmitButton>Inviter</SubmitButton>
    </form>
  );
}
