export function PageTitle({ children, subtitle }: { children: React.ReactNode; subtitle?: React.ReactNode }) {
  return (
    <div className="mb-6">
      <h1 className="text-2xl font-semibold text-brand">{children}</h1>
      {subtitle && <p className="mt-1 text-slate-600">{subtitle}</p>}
    </div>
  );
}

export function Card({ title, children, className = "" }: { title?: string; children: React.ReactNode; className?: string }) {
  return (
    <section className={`rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 ${className}`}>
      {title && <h2 className="mb-3 text-lg font-semibold text-slate-900">{title}</h2>}
      {children}
    </section>
  );
}

/** A definition list of label / value pairs. */
export function Details({ items }: { items: [string, React.ReactNode][] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
      {items.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="font-medium text-slate-600">{label}</dt>
          <dd className="text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function StateBadge({ active, on = "Activé(e)", off = "Désactivé(e)" }: { active: boolean; on?: string; off?: string }) {
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${active ? "bg-green-100 text-green-900" : "bg-slate-200 text-slate-800"}`}>
      {active ? on : off}
    </span>
  );
}

/** A titled table of an ADV page: its row count in the heading, a note, the sentence shown when it is empty. */
export function TableSection({ title, count, note, empty, children }: { title: string; count: number; note?: string; empty: string; children: React.ReactNode }) {
  return (
    <section aria-label={title} className="space-y-2">
      <h2 className="text-lg font-semibold text-slate-900">
        {title} ({count})
      </h2>
      {note && <p className="text-sm text-slate-700">{note}</p>}
      {count === 0 ? (
        <p className="text-sm text-slate-700">{empty}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{title}</caption>
            {children}
          </table>
        </div>
      )}
    </section>
  );
}

/** A table's column headings, as every list of the portal draws them. */
export function TableHead({ headings }: { headings: string[] }) {
  return (
    <thead className="text-xs text-slate-600 uppercase">
      <tr className="border-b border-slate-300">
        {headings.map((h) => (
          <th key={h} scope="col" className="px-2 py-2">
            {h}
          </th>
        ))}
      </tr>
    </thead>
  );
}
