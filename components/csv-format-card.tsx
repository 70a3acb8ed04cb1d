import { Card } from "@/components/ui";

/** The *Format du fichier* card of a staff import page: the columns, each described, and an example. */
export function CsvFormatCard({ fields, example }: { fields: [string, string][]; example: string }) {
  return (
    <Card title="Format du fichier">
      <p className="mb-3 text-sm text-slate-700">
        Fichier CSV encodé en UTF-8, séparateur virgule ou point-virgule, une première ligne d&apos;en-tête puis un enregistrement par ligne. Les lignes en erreur sont signalées
        par leur numéro (l&apos;en-tête est la ligne 1) ; les autres sont importées.
      </p>
      <dl className="space-y-2 text-sm">
        {fields.map(([name, description]) => (
          <div key={name}>
            <dt className="font-mono font-medium text-slate-900">{name}</dt>
            <dd className="text-slate-700">{description}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-4 mb-1 text-sm font-medium text-slate-800">Exemple</p>
      <pre tabIndex={0} aria-label="Exemple de fichier" className="overflow-x-auto rounded bg-slate-50 p-3 text-xs text-slate-900 ring-1 ring-slate-200">{example}</pre>
    </Card>
  );
}
