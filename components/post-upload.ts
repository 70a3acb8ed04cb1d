import type { FormState } from "@/lib/form-state";

const NOT_SENT = "Le fichier n'a pas pu être envoyé : vérifiez votre connexion et réessayez.";
const UNEXPECTED = "Une erreur inattendue est survenue. Réessayez ou contactez le service clients OpenIP.";

/**
 * Sends an upload form to its route (lib/server/upload-route.ts) and gives the form's state it answers; null when the
 * route sent the browser elsewhere (the session has ended: the login page), where it then goes.
 */
export async function postUpload<S extends FormState>(route: string, form: HTMLFormElement): Promise<S | FormState | null> {
  let response: Response;
  try {
    response = await fetch(route, { method: "POST", body: new FormData(form), headers: { Accept: "application/json" } });
  } catch {
    return { message: NOT_SENT };
  }
  if (response.headers.get("content-type")?.startsWith("application/json")) return (await response.json()) as S;
  if (response.redirected) {
    window.location.assign(response.url);
    return null;
  }
  return { message: UNEXPECTED };
}
