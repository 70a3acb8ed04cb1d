/**
 * The query of a server-paginated list, read from the URL: one filter per column, a sort column and
 * direction, a page. Only the columns a list declares are read; anything else is ignored.
 */
export type ListQuery<K extends string> = {
  filters: Partial<Record<K, string>>;
  sort: K;
  dir: "asc" | "desc";
  page: number;
};

export type SearchParams = Record<string, string | string[] | undefined>;

export const PAGE_SIZE = 50;

/**
 * Lists count their rows up to this many: a count over a reseller's 180,000 invoices or 200,000 OCs took
 * 30–150 ms on every page view (issue 10). Past it the page says "plus de 10 000 résultats" and offers
 * the first COUNT_CAP / PAGE_SIZE pages; the filters narrow it down.
 */
export const COUNT_CAP = 10_000;

/**
 * The `take` of a list's count: one row past the cap means "more". Prisma orders a capped count by id,
 * which makes PostgreSQL walk the primary key: lists order theirs by the column their tenancy filter
 * goes through instead (the invoices' count: 27 ms by id, 4.5 ms by billing account, at 180,000).
 */
export const COUNT_TAKE = COUNT_CAP + 1;

/** What a list says of its rows and how many pages it offers, from its capped count. */
export function resultSummary(total: number, page: number): { label: string; pages: number } {
  const capped = total > COUNT_CAP;
  const counted = Math.min(total, COUNT_CAP);
  const pages = Math.max(1, Math.ceil(counted / PAGE_SIZE));
  if (total === 0) return { label: "Aucun résultat", pages };
  const from = (page - 1) * PAGE_SIZE + 1;
  const last = capped ? page * PAGE_SIZE : Math.min(total, page * PAGE_SIZE);
  const count = capped ? `Plus de ${COUNT_CAP.toLocaleString("fr-FR")} résultats` : `${total.toLocaleString("fr-FR")} résultat${total > 1 ? "s" : ""}`;
  return { label: from <= last ? `${count} (${from}–${last})` : count, pages };
}

export function parseListQuery<K extends string>(
  params: SearchParams,
  spec: { filters: readonly K[]; sortable: readonly K[]; defaultSort: K; defaultDir?: "asc" | "desc" },
): ListQuery<K> {
  const one = (key: string) => {
    const value = params[key];
    return (Array.isArray(value) ? value[0] : value)?.trim().slice(0, 100) ?? "";
  };
  const filters: Partial<Record<K, string>> = {};
  for (const key of spec.filters) {
    const value = one(key);
    if (value) filters[key] = value;
  }
  const sortParam = one("sort") as K;
  const sort = spec.sortable.includes(sortParam) ? sortParam : spec.defaultSort;
  const dirParam = one("dir");
  const dir = dirParam === "asc" || dirParam === "desc" ? dirParam : (spec.defaultDir ?? "asc");
  const page = Math.min(100_000, Math.max(1, Number.parseInt(one("page"), 10) || 1));
  return { filters, sort, dir, page };
}

/** The URL of the same list with some parameters changed (empty values are dropped). */
export function listHref(path: string, query: ListQuery<string>, change: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query.filters)) if (value) params.set(key, value);
  params.set("sort", query.sort);
  params.set("dir", query.dir);
  params.set("page", String(query.page));
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined || value === "") params.delete(key);
    else params.set(key, String(value));
  }
  if (params.get("page") === "1") params.delete("page");
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
