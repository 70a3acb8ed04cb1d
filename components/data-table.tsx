"use client";

import { Link } from "@/components/link";
import { listHref, resultSummary, type ListQuery } from "@/lib/list-query";

export type ColumnFilter = { type: "text"; placeholder?: string } | { type: "date" } | { type: "select"; options: [string, string][] };

export type Column<T> = {
  key: string;
  label: string;
  sortable?: boolean;
  filter?: ColumnFilter;
  /** Short values (references, dates, states) that must not wrap. */
  nowrap?: boolean;
  cell: (row: T) => React.ReactNode;
};

type Props<T> = {
  /** Names the table and its filter form, for screen readers and tests. */
  caption: string;
  path: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string | number;
  total: number;
  query: ListQuery<string>;
  exportHref?: string;
  /** Filters shown as a form above the table (the guide's *Ressources* tab) instead of one per column. */
  filterFields?: FilterField[];
};

export type FilterField = { key: string; label: string; filter: ColumnFilter };

/**
 * A server-paginated list as the guides show them: sortable headers (↕), a filter per column with
 * *Rechercher* / *Réinitialiser*, the result count and pages. Plain links and a GET form: no script.
 *
 * A client component: each list declares its columns in its own "use client" module (`…-table.tsx`)
 * and its page passes the rows as data. The page's RSC payload then carries 50 rows of data instead of
 * 50 rows of rendered cells, which the server also had to parse back and inline in the HTML: on the
 * client list that is 92 → 51 KB and 17 → 12 ms of CPU per view (issue 10). Server-rendered all the same.
 */
export function DataTable<T>({ caption, path, columns, rows, rowKey, total, query, exportHref, filterFields }: Props<T>) {
  const formId = `filters-${path.replace(/\W/g, "")}`;
  const { label, pages } = resultSummary(total, query.page);
  return (
    <div>
      <form id={formId} method="get" action={path} role="search" aria-label={`Filtres : ${caption}`}>
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
        {filterFields && (
          <div className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
            {filterFields.map((field) => (
              <div key={field.key} className="space-y-1">
                <label htmlFor={`${formId}-${field.key}`} className="block text-sm font-medium text-slate-800">
                  {field.label}
                </label>
                <FilterInput key={query.filters[field.key] ?? ""} column={{ ...field, cell: () => null }} formId={formId} value={query.filters[field.key] ?? ""} id={`${formId}-${field.key}`} />
              </div>
            ))}
          </div>
        )}
      </form>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-700" role="status">
          {label}
        </p>
        <div className="flex gap-2">
          <button type="submit" form={formId} className="rounded bg-brand px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-dark">
            Rechercher
          </button>
          <Link href={path} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50">
            Réinitialiser
          </Link>
          {exportHref && (
            <a href={exportHref} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50">
              Exporter en CSV
            </a>
          )}
        </div>
      </div>
      <div className="overflow-x-auto">
        <table className="data-table w-full text-left text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="text-xs uppercase text-slate-600">
            <tr className="border-b border-slate-300">
              {columns.map((column) => (
                <th key={column.key} scope="col" className="px-2 py-2 font-semibold" aria-sort={query.sort === column.key ? (query.dir === "asc" ? "ascending" : "descending") : undefined}>
                  {column.sortable ? (
                    <Link href={listHref(path, query, { sort: column.key, dir: query.sort === column.key && query.dir === "asc" ? "desc" : "asc", page: 1 })} aria-label={`Trier par ${column.label}`}>
                      {column.label}
                      <span aria-hidden="true">{query.sort === column.key ? (query.dir === "asc" ? "↑" : "↓") : "↕"}</span>
                    </Link>
                  ) : (
                    column.label
                  )}
                </th>
              ))}
            </tr>
            {!filterFields && (
              <tr className="border-b border-slate-200 bg-slate-50">
                {columns.map((column) => (
                  <td key={column.key} className="px-2 py-1.5">
                    {/* Keyed on the value: after *Réinitialiser* (a client-side navigation) the field must show the new value. */}
                    <FilterInput key={query.filters[column.key] ?? ""} column={column} formId={formId} value={query.filters[column.key] ?? ""} />
                  </td>
                ))}
              </tr>
            )}
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((column) => (
                  <td key={column.key} className={column.nowrap ? "whitespace-nowrap" : undefined}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav aria-label="Pagination" className="mt-3 flex items-center gap-3 text-sm">
          {query.page > 1 && (
            <Link href={listHref(path, query, { page: query.page - 1 })} className="text-brand underline">
              Page précédente
            </Link>
          )}
          <span>
            Page {query.page} / {pages}
          </span>
          {query.page < pages && (
            <Link href={listHref(path, query, { page: query.page + 1 })} className="text-brand underline">
              Page suivante
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}

/** The link of a row to its page: "Détail ›", named for screen readers by what the row is ("Détail de OC148201"). */
export function RowLink({ href, label, detail }: { href: string; label: string; detail: string }) {
  return (
    <Link href={href} className="row-link">
      {label}
      <span className="sr-only"> {detail}</span> ›
    </Link>
  );
}

function FilterInput<T>({ column, formId, value, id }: { column: Column<T>; formId: string; value: string; id?: string }) {
  if (!column.filter) return null;
  // With an id, a <label> names the field; in a column's filter row, the column does.
  const common = { id, form: formId, name: column.key, defaultValue: value, "aria-label": id ? undefined : `Filtrer par ${column.label}`, className: "w-full min-w-24 rounded border border-slate-300 bg-white px-2 py-1 text-sm font-normal normal-case" };
  if (column.filter.type === "select") {
    return (
      <select {...common}>
        <option value="">Tous</option>
        {column.filter.options.map(([optionValue, label]) => (
          <option key={optionValue} value={optionValue}>
            {label}
          </option>
        ))}
      </select>
    );
  }
  return <input {...common} type={column.filter.type === "date" ? "date" : "text"} placeholder={column.filter.type === "text" ? column.filter.placeholder : undefined} />;
}
