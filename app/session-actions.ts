"use server";

import { redirect } from "next/navigation";
import { signOut, unstable_update } from "@/lib/server/auth";
import { requireActor } from "@/lib/server/authz";
import { readSession } from "@/lib/server/session-token";
import { revokeSession } from "@/lib/server/sessions";

/** Logout always works, terms accepted or not (SPEC §2), and ends this session only: a copy of its cookie is refused from now on (SPEC §17). */
export async function logout() {
  const session = await readSession();
  if (session) await revokeSession(session.sid, session.uid);
  await signOut({ redirectTo: "/connexion" });
}

/** Chooses the universe the session acts in; only one of the company's own universes is taken. */
export async function chooseUniverse(formData: FormData) {
  const actor = await requireActor();
  const universe = String(formData.get("universe") ?? "");
  if (actor.company.universes.some((u) => u === universe)) {
    await unstable_update({ universe } as never);
  }
  redirect("/ma-societe");
}
