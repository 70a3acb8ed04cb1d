/** The "my.open IP" wordmark; on the dark blue bands the red is lightened to keep a readable contrast. */
export function Logo({ className = "", onDark = false }: { className?: string; onDark?: boolean }) {
  return (
    <span className={`font-semibold tracking-tight ${className}`}>
      my.open <span className={onDark ? "text-red-400" : "text-accent"}>IP</span>
    </span>
  );
}
