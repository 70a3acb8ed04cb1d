import type { Actor } from "@/lib/server/authz";
import { actsAsReseller, isStaff, isStaffAdministrator } from "@/lib/server/authz";

export type NavItem = { href: string; label: string };

/** The navigation follows the current universe (SPEC §1); only pages that exist are linked. */
export function navigationFor(actor: Actor): NavItem[] {
  const items: NavItem[] = [{ href: "/ma-societe", label: "Ma société" }];
  if (actsAsReseller(actor)) items.push({ href: "/clients", label: "Mes clients" });
  items.push({ href: "/offres-contractees", label: "Offres contractées" }, { href: "/services", label: "Mes services" });
  items.push({ href: "/factures", label: "Factures" }, { href: "/avoirs", label: "Avoirs" });
  if (!isStaff(actor)) items.push({ href: "/commandes", label: "Commandes" }, { href: "/catalogue", label: "Catalogue" });
  if (isStaff(actor, "ADV")) items.push({ href: "/admin/commandes", label: "File ADV" }, { href: "/admin/prelevements", label: "Prélèvements" }, { href: "/admin/paiements", label: "Paiements" }, { href: "/admin/recouvrement", label: "Recouvrement" }, { href: "/admin/penalites", label: "Pénalités" });
  if (isStaff(actor, "ADV", "SUPPORT")) items.push({ href: "/admin/contestations", label: "Contestations" });
  if (isStaff(actor)) {
    items.push({ href: "/admin/consommations", label: "Import des consommations" }, { href: "/admin/appels", label: "Import des appels" });
    items.push({ href: "/admin/alertes-voix", label: "Alertes voix" });
  }
  if (isStaff(actor, "SUPPORT")) {
    items.push({ href: "/admin/societes", label: "Sociétés" }, { href: "/admin/conditions", label: "Conditions d'utilisation" });
    items.push({ href: "/admin/journal", label: "Journal d'audit" });
  }
  if (isStaffAdministrator(actor)) items.push({ href: "/admin/equipe", label: "Équipe OpenIP" });
  if (isStaffAdministrator(actor)) items.push({ href: "/admin/catalogue", label: "Catalogue (gestion)" });
  if (isStaffAdministrator(actor)) items.push({ href: "/admin/parametres", label: "Paramètres" });
  items.push({ href: "/mon-profil", label: "Mon profil" });
  if (process.env.NODE_ENV !== "production") items.push({ href: "/dev/boite-mail", label: "Boîte mail (dev)" });
  return items;
}
