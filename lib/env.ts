import { z } from "zod";
import { parseTrustedProxies } from "./client-address";

/** A whole number of `unit` from `min` to `max`, `fallback` when unset (the admission settings, docs/decisions/admission-queue.md). */
const whole = (min: number, max: number, fallback: number, unit: string) => {
  const error = `un nombre entier de ${min} à ${max} est attendu (${unit}).`;
  return z.coerce.number({ error }).int(error).min(min, error).max(max, error).default(fallback);
};

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
  QUEUE_LIMIT: whole(0, 10_000, 256, "requêtes en attente au plus"),
  QUEUE_PER_CLIENT: whole(1, 10_000, 32, "requêtes en cours ou en attente au plus par adresse"),
  QUEUE_WAIT_MS: whole(100, 600_000, 10_000, "attente au plus, en millisecondes"),
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .superRefine((value, ctx) => {
      const { invalid } = parseTrustedProxies(value);
      const list = invalid.map((entry) => `« ${entry} »`).join(", ");
      if (invalid.length) ctx.addIssue({ code: "custom", message: `${list} : adresse IP ou réseau CIDR attendu (par exemple 10.0.0.5, 10.0.0.0/8, 2001:db8::/32).` });
    }),
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
