// Lets a command-line script load lib/server modules that start with `import "server-only"`: that
// package throws unless resolved with the `react-server` condition, which only Next sets. The vitest
// config aliases it to an empty module; this resolve hook does the same for one process:
//   tsx --import ./scripts/server-only-shim.mjs scripts/<script>.ts
import { register } from "node:module";

const hook = `export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: "data:text/javascript,export%20%7B%7D", shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`, import.meta.url);
