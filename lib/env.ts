import { z } from "zod";

/**
 * The production server's environment (server.ts reads it at start and refuses to start with a clear message).
 * The development server and the tests keep their defaults: an unset SMTP_URL keeps mail in the development mailbox.
 */
const productionEnv = z.object({
  AUTH_SECRET: z.string({ error: "AUTH_SECRET est obligatoire (32 caractères au moins, par exemple `openssl rand -base64 33`)." }).min(32, "AUTH_SECRET doit compter 32 caractères au moins."),
  APP_URL: z.url({ protocol: /^https?$/, error: "APP_URL est obligatoire : l'adresse publique du portail (https://…), pour les liens des emails." }),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "SMTP_URL est obligatoire : le serveur d'envoi des emails (smtp://… ou smtps://…)." }),
  MAIL_FROM: z.string().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  RENDER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  TRUSTED_PROXIES: z.string().default(""),
});

export type ProductionEnv = z.infer<typeof productionEnv>;

/** The environment, or the list of what is wrong with it (one line each, in French). */
export function readProductionEnv(env: Record<string, string | undefined> = process.env): { ok: true; env: ProductionEnv } | { ok: false; problems: string[] } {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = productionEnv.safeParse(blankless);
  if (parsed.success) return { ok: true, env: parsed.data };
  const name = (issue: z.core.$ZodIssue) => String(issue.path[0] ?? "");
  return { ok: false, problems: parsed.error.issues.map((issue) => (issue.message.startsWith(name(issue)) ? issue.message : `${name(issue)} : ${issue.message}`)) };
}
