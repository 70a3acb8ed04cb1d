/**
 * Users of a company (issue 4, SPEC §1–2): an *Administrateur* manages the company's users; a
 * company always keeps at least one active administrator.
 */
import { holdsResellerUniverse } from "@/lib/domain/tenancy";

export type Role = "ADMINISTRATEUR" | "UTILISATEUR";
export type CompanyUser = { id: number; role: Role; active: boolean };
export type UserChange = { userId: number; role?: Role; active?: boolean };

export const ROLE_LABELS: Record<Role, string> = { ADMINISTRATEUR: "Administrateur", UTILISATEUR: "Utilisateur" };
export const LAST_ADMINISTRATOR_MESSAGE = "La société doit garder au moins un administrateur actif : nommez d'abord un autre administrateur.";

/** Whether the company still has an active administrator once `change` is applied. */
export function keepsAnActiveAdministrator(users: CompanyUser[], change: UserChange): boolean {
  return users.some((user) => {
    const after = user.id === change.userId ? { ...user, ...definedOnly(change) } : user;
    return after.active && after.role === "ADMINISTRATEUR";
  });
}

function definedOnly({ role, active }: UserChange): Partial<CompanyUser> {
  return { ...(role !== undefined && { role }), ...(active !== undefined && { active }) };
}

export type Manager = { companyId: number; role: Role; supportStaff: boolean; actsAsReseller: boolean; staffMember?: boolean };

/**
 * Who manages the users of `company`: support staff, any customer company; an administrator, their own
 * company and, in a reseller or operator universe, their direct clients' unless that client holds a reseller
 * universe of its own (issue 32: its administrators reach its own clients). The operator's own users (staff)
 * are managed by its administrators only (SPEC §11, §17).
 */
export function mayManageUsersOf(manager: Manager, company: { id: number; parentId: number | null; isOperator?: boolean; universes: readonly string[] }): boolean {
  if (company.isOperator) return manager.companyId === company.id && manager.role === "ADMINISTRATEUR" && manager.staffMember === true;
  if (manager.supportStaff) return true;
  if (manager.role !== "ADMINISTRATEUR") return false;
  if (company.id === manager.companyId) return true;
  return manager.actsAsReseller && company.parentId === manager.companyId && !holdsResellerUniverse(company);
}

export type StaffRole = "ADV" | "SUPPORT";
export const STAFF_ROLE_LABELS: Record<StaffRole, string> = { ADV: "ADV", SUPPORT: "Support" };

/** A staff user's role as the team page shows it: `Support · Administrateur`. */
export function staffRoleLabel(staffRole: StaffRole | null, role: Role): string {
  const base = staffRole ? STAFF_ROLE_LABELS[staffRole] : "—";
  return role === "ADMINISTRATEUR" ? `${base} · Administrateur` : base;
}
