// Types of bundle.mjs, for test/bench/bundle-size.test.ts.
export declare const BUNDLE_BUDGET: number;
export declare const EVERYTHING_BUDGET: number;

export interface BundleSize {
  bytes: number;
  gzip: number;
  /** Minified bytes per npm package or per folder of ours. */
  contents: Record<string, number>;
  /** Minified bytes per input file: "src/http/send.ts", "node_modules/openapi-fetch/dist/index.mjs"... */
  files: Record<string, number>;
  exports: string[];
  /** Absolute paths of the modules it loads with import(). */
  lazy: string[];
}

export interface BundleMeasure {
  main: BundleSize;
  lazy: (BundleSize & { path: string })[];
  single: BundleSize;
  /** Minified bytes of the OAuth module in the main bundle (0) and in its lazy chunk. */
  oauth: { mainBytes: number; lazyBytes: number };
}

export declare function measureBundle(
  input:
    | { entry: string; stdin?: never }
    | { stdin: { contents: string; resolveDir: string; loader?: "js" | "ts" }; entry?: never },
): Promise<BundleMeasure>;
