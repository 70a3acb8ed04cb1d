import type { Metadata } from "next";
import { Link } from "@/components/link";
import { TZDate } from "@date-fns/tz";
import { requireActor } from "@/lib/server/authz";
import { getProfile, type Profile } from "@/lib/server/profile";
import { Card, Details, PageTitle } from "@/components/ui";
import { FormMessage } from "@/components/form";
import { ROLE_LABELS } from "@/lib/domain/user-roles";
import { formatFrenchDate, parisDay, PARIS_TIME_ZONE } from "@/lib/domain/calendar-day";
import { EmailWithPending, ProfileForm } from "./profile-form";
import { PasswordChangeForm } from "./password-change-form";

export const metadata: Metadata = { title: "Mon profil" };

const STAFF_ROLE_LABELS = { ADV: "Administration des ventes (ADV)", SUPPORT: "Service clients et administration" } as const;

/** `dd/MM/yyyy à HH:mm` in Europe/Paris. */
function parisDateTime(at: Date): string {
  const paris = new TZDate(at.getTime(), PARIS_TIME_ZONE);
  return `${formatFrenchDate(parisDay(at))} à ${String(paris.getHours()).padStart(2, "0")}:${String(paris.getMinutes()).padStart(2, "0")}`;
}

function roleLabel(profile: Profile): string {
  return profile.staffRole ? `${STAFF_ROLE_LABELS[profile.staffRole]} · ${ROLE_LABELS[profile.role]}` : ROLE_LABELS[profile.role];
}

export default async function MyProfilePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  const profile = await getProfile(actor);
  const passwordChanged = (await searchParams)["mot-de-passe"] === "modifie";
  return (
    <>
      <PageTitle>Mon profil</PageTitle>
      {passwordChanged && (
        <div className="mb-6">
          <FormMessage ok message="Votre mot de passe a bien été enregistré. Vos autres sessions ont été fermées. Vous seul connaissez votre mot de passe, veuillez le retenir car il ne pourra vous être renvoyé." />
        </div>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <div className="space-y-6">
          <Card title="Mes informations">
            <Details
              items={[
                ["Identifiant", profile.identifier],
                ["Société", `${profile.company.name} (${profile.company.id})`],
                ["Rôle", roleLabel(profile)],
                ["Nom", profile.name],
                ["Adresse email", <EmailWithPending key="email" email={profile.email} pendingEmail={profile.pendingEmail} />],
                ["Téléphone", profile.phone ?? <span className="text-slate-600">Non renseigné</span>],
              ]}
            />
          </Card>
          <Card title="Conditions d'utilisation">
            {profile.terms ? (
              <p>
                Conditions d&apos;utilisation acceptées : version {profile.terms.label} le {parisDateTime(profile.terms.acceptedAt)}
                <span className="text-slate-600"> (version applicable au {formatFrenchDate(parisDay(profile.terms.effectiveAt))})</span>.
              </p>
            ) : (
              <p className="text-slate-600">Vous n&apos;avez accepté aucune version des conditions d&apos;utilisation.</p>
            )}
            <p className="mt-2 text-sm">
              <Link href="/conditions-utilisation" className="text-brand underline">
                Lire les conditions d&apos;utilisation
              </Link>
            </p>
          </Card>
        </div>
        <div className="space-y-6">
          <Card>
            <ProfileForm name={profile.name} email={profile.email} phone={profile.phone} pendingEmail={profile.pendingEmail} />
          </Card>
          <Card>
            <PasswordChangeForm identifier={profile.identifier} />
          </Card>
        </div>
      </div>
    </>
  );
}
