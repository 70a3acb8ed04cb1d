import { InviteUserForm, UserActions } from "@/components/company-users-forms";
import { ROLE_LABELS } from "@/lib/domain/user-roles";
import { formatFrenchDate, parisDay } from "@/lib/domain/calendar-day";
import type { User } from "@/lib/generated/prisma/client";
import { TableHead } from "@/components/ui";

/** `manage`: whether the viewer manages these users (otherwise the list is read-only). */
type Props = { companyId: number; users: User[]; currentUserId: number; manage: boolean };

const ROLE_OPS = { makeUser: "Passer utilisateur", makeAdmin: "Passer administrateur" };

/** A user's row buttons: the role, the state, a new link; `roleOps` names the role buttons (the team says it otherwise). */
export function userOps(user: Pick<User, "id" | "role" | "active" | "passwordHash">, currentUserId: number, roleOps = ROLE_OPS) {
  const ops: { op: string; label: string }[] = [];
  if (user.active) ops.push(user.role === "ADMINISTRATEUR" ? { op: "make-user", label: roleOps.makeUser } : { op: "make-admin", label: roleOps.makeAdmin });
  if (user.id !== currentUserId) ops.push(user.active ? { op: "deactivate", label: "Désactiver" } : { op: "activate", label: "Réactiver" });
  if (user.active && !user.passwordHash) ops.push({ op: "resend-link", label: "Renvoyer le lien" });
  return ops;
}

/** A company's users, for whoever manages them (issue 4): identifier, name, email, role, state, last login. */
export function CompanyUsers({ companyId, users, currentUserId, manage }: Props) {
  const headings = ["Identifiant", "Nom", "Email", "Rôle", "État", "Dernière connexion", ...(manage ? ["Actions"] : [])];
  return (
    <div>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Utilisateurs de la société</caption>
          <TableHead headings={headings} />
          <tbody>
            {users.map((user) => (
              <tr key={user.id} className="border-b border-slate-100 align-top">
                <td className="px-2 py-2 whitespace-nowrap">{user.identifier}</td>
                <td className="px-2 py-2">{user.name}</td>
                <td className="px-2 py-2">{user.email}</td>
                <td className="px-2 py-2">{ROLE_LABELS[user.role]}</td>
                <td className="px-2 py-2 whitespace-nowrap">{!user.active ? "Désactivé(e)" : user.passwordHash ? "Activé(e)" : "En attente du mot de passe"}</td>
                <td className="px-2 py-2 whitespace-nowrap">{user.lastLoginAt ? formatFrenchDate(parisDay(user.lastLoginAt)) : "Jamais"}</td>
                {manage && (
                  <td className="px-2 py-2">
                    <UserActions userId={user.id} name={user.name} ops={userOps(user, currentUserId)} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {manage && <InviteUserForm companyId={companyId} />}
    </div>
  );
}
