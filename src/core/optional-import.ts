// Loads a module that only some runtimes have (better-sqlite3, node:sqlite, bun:sqlite, ...) by a
// specifier bundlers cannot see. A browser or Worker bundle of the package then never has to
// resolve it; the import runs, and fails with the caller's own explanation, only where the code
// path that needs the module is taken.

/** `import(specifier)`, hidden from esbuild, Vite/Rollup and webpack. */
export function importOptional<T>(specifier: string): Promise<T> {
  return import(/* @vite-ignore */ /* webpackIgnore: true */ specifier) as Promise<T>;
}
