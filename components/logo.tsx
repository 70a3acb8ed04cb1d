export function Logo({ className = "" }: { className?: string }) {
  return (
    <span className={`font-semibold tracking-tight ${className}`}>
      my.open <span className="text-accent">IP</span>
    </span>
  );
}
