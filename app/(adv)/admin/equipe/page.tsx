import type { Metadata } from "next";
import { requireStaffAdministrator } from "@/lib/server/authz";
import { listStaffUsers } from "@/lib/server/staff-users";
import { Card, PageTitle, TableHead } from "@/components/ui";
import { UserActions } from "@/components/company-users-forms";
import { userOps } from "@/components/company-users";
import { formatFrenchDate, parisDay } from "@/lib/domain/calendar-day";
import { staffRoleLabel } from "@/lib/domain/user-roles";
import { InviteStaffUserForm, StaffRoleForm } from "./team-forms";

export const metadata: Metadata = { title: "Équipe OpenIP" };

/** The row's buttons are the company users' (SPEC §11), the administrator flag named for the team. */
const TEAM_ROLE_OPS = { makeUser: "Retirer l'administration", makeAdmin: "Nommer administrateur" };

export default async function TeamPage() {
  const actor = await requireStaffAdministrator();
  const users = await listStaffUsers(actor);
  return (
    <>
      <PageTitle subtitle="Les utilisateurs d'OpenIP : ADV, support et administrateurs. L'équipe garde toujours au moins un administrateur actif.">
        Équipe OpenIP
      </PageTitle>
      <div className="grid gap-6 xl:grid-cols-[1fr_24rem]">
        <Card title="Membres" className="min-w-0">
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Membres de l&apos;équipe OpenIP</caption>
              <TableHead headings={["Identifiant", "Nom", "Email", "Rôle", "État", "Dernière connexion", "Actions"]} />
              <tbody>
                {users.map((user) => (
                  <tr key={user.id} className="border-b border-slate-100 align-top">
                    <td className="px-2 py-2 whitespace-nowrap">{user.identifier}</td>
                    <td className="px-2 py-2">{user.name}</td>
                    <td className="px-2 py-2">{user.email}</td>
                    <td className="px-2 py-2 whitespace-nowrap">{staffRoleLabel(user.staffRole, user.role)}</td>
                    <td className="px-2 py-2 whitespace-nowrap">{!user.active ? "Désactivé(e)" : user.passwordHash ? "Activé(e)" : "En attente du mot de passe"}</td>
                    <td className="px-2 py-2 whitespace-nowrap">{user.lastLoginAt ? formatFrenchDate(parisDay(user.lastLoginAt)) : "Jamais"}</td>
                    <td className="space-y-1 px-2 py-2">
                      {user.active && user.staffRole && <StaffRoleForm userId={user.id} name={user.name} staffRole={user.staffRole} />}
                      <UserActions userId={user.id} name={user.name} ops={userOps(user, actor.userId, TEAM_ROLE_OPS)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
        <Card title="Inviter un membre de l'équipe">
          <InviteStaffUserForm />
        </Card>
      </div>
    </>
  );
}
