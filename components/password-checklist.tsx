import { PASSWORD_RULES, passwordPolicyErrors, unmetPasswordRules } from "@/lib/domain/password-policy";

/**
 * The password policy of SPEC §2 as a live checklist: each rule of PASSWORD_RULES ticked as it is met,
 * then the other refusals of `passwordPolicyErrors` (length limit, identifier, confirmation) once they
 * apply. The same function decides on the server, so the list and the server's refusal always agree.
 */
export function PasswordChecklist({ id, password, confirmation, identifier }: { id: string; password: string; confirmation: string; identifier: string }) {
  const unmet = unmetPasswordRules(password);
  const ruleLabels = new Set(PASSWORD_RULES.map((rule) => rule.label));
  const others = password || confirmation ? passwordPolicyErrors(password, confirmation || null, identifier).filter((error) => !ruleLabels.has(error)) : [];
  return (
    <div id={id} aria-live="polite" className="rounded border border-slate-200 bg-slate-50 px-3 py-2 text-sm">
      <p className="font-medium text-slate-800">Votre mot de passe doit comporter :</p>
      <ul className="mt-1 space-y-0.5">
        {PASSWORD_RULES.map((rule) => {
          const met = !unmet.has(rule.id);
          return (
            <li key={rule.id} className={met ? "text-green-800" : "text-slate-700"}>
              <span aria-hidden="true">{met ? "✓ " : "✗ "}</span>
              {rule.label}
              <span className="sr-only">{met ? " : respecté" : " : non respecté"}</span>
            </li>
          );
        })}
      </ul>
      {others.length > 0 && (
        <ul className="mt-1 space-y-0.5 text-accent">
          {others.map((error) => (
            <li key={error}>
              <span aria-hidden="true">✗ </span>
              {error}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
