import { Link } from "@/components/link";

/** *Page précédente · Page n / N · Page suivante* under a short list paginated by `?page=`. */
export function Pager({ base, page, pages }: { base: string; page: number; pages: number }) {
  if (pages <= 1) return null;
  return (
    <nav aria-label="Pagination" className="mt-3 flex items-center gap-3 text-sm">
      {page > 1 && (
        <Link href={`${base}?page=${page - 1}`} className="text-brand underline">
          Page précédente
        </Link>
      )}
      <span>
        Page {page} / {pages}
      </span>
      {page < pages && (
        <Link href={`${base}?page=${page + 1}`} className="text-brand underline">
          Page suivante
        </Link>
      )}
    </nav>
  );
}
