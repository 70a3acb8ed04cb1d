// The operator's first start (SPEC §11), after the migrations (npm run setup = db:migrate, then this):
//   npm run setup -- --terms cgu.md [--catalogue offres.csv] [--name … --siret … (every field below)]
// Asks for each missing field when run in a terminal; otherwise a missing or bad field is an error (exit 2).
// On a database that already has an operator it writes nothing of that again and says so; --catalogue
// still loads the file (new offers created, known ones updated, none deleted). Prints nothing secret: the
// administrator receives the initialisation link by email (SMTP_URL, APP_URL).
import { parseArgs } from "node:util";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline/promises";
import { db } from "@/lib/server/db";
import { runSetup, operatorSetupSchema, type OperatorSetup } from "@/lib/server/setup";
import { loadCatalogue, type CatalogueImport } from "@/lib/server/catalogue";
import { parseCatalogueCsv, type CatalogueRow } from "@/lib/domain/catalogue-csv";

/** Each field of the setup, its flag and its question. */
const FIELDS: { key: Exclude<keyof OperatorSetup, "terms">; flag: string; question: string; fallback?: string }[] = [
  { key: "name", flag: "name", question: "Raison sociale de l'opérateur" },
  { key: "legalForm", flag: "legal-form", question: "Statut (SARL, SAS, SASU, SA, EURL, EI, ASSOCIATION, AUTRES)", fallback: "SAS" },
  { key: "siret", flag: "siret", question: "SIRET (14 chiffres)" },
  { key: "vatNumber", flag: "vat", question: "Numéro de TVA intracommunautaire" },
  { key: "street", flag: "street", question: "Adresse du siège (numéro et voie)" },
  { key: "postcode", flag: "postcode", question: "Code postal" },
  { key: "city", flag: "city", question: "Ville" },
  { key: "legalMentions", flag: "legal-mentions", question: "Mentions légales des factures (forme, capital, RCS)" },
  { key: "iban", flag: "iban", question: "IBAN du compte d'encaissement" },
  { key: "bic", flag: "bic", question: "BIC (facultatif, Entrée pour aucun)", fallback: "" },
  { key: "creditorId", flag: "ics", question: "Identifiant créancier SEPA (ICS)" },
  { key: "customerServiceEmail", flag: "customer-service-email", question: "Email du service clients" },
  { key: "adminName", flag: "admin-name", question: "Nom du premier administrateur" },
  { key: "adminEmail", flag: "admin-email", question: "Email du premier administrateur" },
  { key: "adminStaffRole", flag: "admin-role", question: "Rôle de l'administrateur (ADV ou SUPPORT)", fallback: "SUPPORT" },
];

function usage(message?: string): never {
  if (message) console.error(`setup: ${message}`);
  console.error(`usage: npm run setup -- --terms <conditions.md> [--catalogue <offres.csv>] ${FIELDS.map((f) => `[--${f.flag} …]`).join(" ")}`);
  if (!message) for (const f of FIELDS) console.error(`  --${f.flag.padEnd(24)} ${f.question}`);
  process.exit(message ? 2 : 0);
}

function parse() {
  try {
    const options = Object.fromEntries([...FIELDS.map((f) => f.flag), "terms", "catalogue"].map((flag) => [flag, { type: "string" as const }]));
    const { values } = parseArgs({ options: { ...options, help: { type: "boolean" } } });
    if (values.help) usage();
    return values as Record<string, string | undefined>;
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
}

async function readText(path: string, what: string): Promise<string> {
  return readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => usage(`impossible de lire ${what} ${path} (${error.code ?? error.message})`));
}

/** Prints what the catalogue load did; false when it refused the file (then nothing of it was written). */
function report(catalogue: CatalogueImport): boolean {
  for (const row of catalogue.rejected) console.error(row.message);
  if (catalogue.rejected.length > 0) console.error("Catalogue refusé : aucune offre n'a été écrite.");
  else console.log(`Catalogue : ${catalogue.created.length} offre(s) créée(s), ${catalogue.updated.length} mise(s) à jour, ${catalogue.unchanged.length} inchangée(s).`);
  return catalogue.rejected.length === 0;
}

/** The fields from the flags, asking in a terminal for the missing or refused ones. */
async function gatherInput(values: Record<string, string | undefined>, terms: string): Promise<OperatorSetup> {
  const raw: Record<string, string> = { terms };
  for (const f of FIELDS) if (values[f.flag] !== undefined) raw[f.key] = values[f.flag]!;
  const prompt = process.stdin.isTTY ? createInterface({ input: process.stdin, output: process.stdout }) : null;
  try {
    for (;;) {
      if (prompt) for (const f of FIELDS) if (raw[f.key] === undefined) raw[f.key] = (await prompt.question(`${f.question}${f.fallback ? ` [${f.fallback}]` : ""} : `)).trim() || (f.fallback ?? "");
      for (const f of FIELDS) if (raw[f.key] === undefined && f.fallback !== undefined) raw[f.key] = f.fallback;
      const parsed = operatorSetupSchema.safeParse(raw);
      if (parsed.success) return parsed.data;
      for (const issue of parsed.error.issues) {
        const field = FIELDS.find((f) => f.key === issue.path[0]);
        console.error(field ? `--${field.flag} : ${raw[field.key] === undefined ? "obligatoire." : issue.message}` : issue.message);
        if (field) delete raw[field.key];
      }
      if (!prompt) usage("rien n'a été écrit.");
    }
  } finally {
    prompt?.close();
  }
}

const values = parse();
let catalogue: CatalogueRow[] | null = null;
if (values.catalogue) {
  const parsed = parseCatalogueCsv(await readText(values.catalogue, "le catalogue"));
  for (const row of parsed.rejected) console.error(row.message);
  if (parsed.rejected.length > 0) usage(`le catalogue ${values.catalogue} a des lignes refusées : rien n'a été écrit.`);
  catalogue = parsed.records;
}
let exitCode = 0;
try {
  const operator = await db.company.findFirst({ where: { isOperator: true }, orderBy: { id: "asc" }, select: { id: true, name: true } });
  if (operator) {
    console.log(`L'opérateur ${operator.name} (${operator.id}) existe déjà : la société, ses administrateurs et ses conditions d'utilisation n'ont pas été modifiés.`);
    if (catalogue && !report(await loadCatalogue(catalogue, null))) exitCode = 1;
  } else {
    if (!values.terms) usage("--terms <fichier> est obligatoire : la version 1 des conditions d'utilisation, en vigueur dès maintenant.");
    if (!process.env.APP_URL) console.warn("setup: APP_URL n'est pas défini, le lien envoyé à l'administrateur pointera vers http://localhost:3000.");
    const input = await gatherInput(values, await readText(values.terms, "les conditions d'utilisation"));
    const result = await runSetup(input, catalogue);
    if (result.status === "already") console.log(`L'opérateur ${result.operator.name} (${result.operator.id}) existe déjà : rien n'a été modifié.`);
    else {
      console.log(`Opérateur ${result.operator.name} créé (société ${result.operator.id}), conditions d'utilisation en vigueur.`);
      console.log(`Administrateur ${result.admin.identifier} créé : le lien d'initialisation du mot de passe a été envoyé à ${result.admin.email}.`);
    }
    if (result.catalogue && !report(result.catalogue)) exitCode = 1;
  }
} catch (error) {
  console.error("setup failed:", error instanceof Error ? (error.stack ?? error.message) : error);
  exitCode = 1;
} finally {
  await db.$disconnect();
}
process.exit(exitCode);
